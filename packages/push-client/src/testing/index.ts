export { VERSION } from '../version.js';
export { type IndexedItem, SourceIndex } from './coveo-index.js';
export {
  type CoveoSimulator,
  type CoveoSimulatorOptions,
  createCoveoSimulator,
} from './coveo-simulator.js';
export { routeCoveoFetch } from './route-coveo-fetch.js';

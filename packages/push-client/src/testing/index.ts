export type {
  SimulatorClock,
  SimulatorListening,
  SimulatorListenOptions,
} from '@connectorkit/http-core/testing';
export { VERSION } from '../version.js';
export { type IndexedItem, SourceIndex } from './coveo-index.js';
export {
  type CoveoPrivilege,
  type CoveoSimulator,
  type CoveoSimulatorOptions,
  createCoveoSimulator,
} from './coveo-simulator.js';
export { routeCoveoFetch } from './route-coveo-fetch.js';
export { DEFAULT_SIMULATOR_LIMITS, type SimulatorLimits } from './simulator-limits.js';
export type { IdentityCall, RejectedContent } from './simulator-state.js';

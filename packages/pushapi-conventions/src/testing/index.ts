export { PushState } from '../push-state.js';
export { VERSION } from '../version.js';
export {
  createPapiSimulator,
  type PapiSimulator,
  type PapiSimulatorOptions,
} from './papi-simulator.js';

export type {
  SimulatorClock,
  SimulatorListening,
  SimulatorListenOptions,
} from '@connectorkit/http-core/testing';
export { PushState } from '../push-state.js';
export { VERSION } from '../version.js';
export {
  createPapiSimulator,
  type PapiSimulator,
  type PapiSimulatorListening,
  type PapiSimulatorOptions,
} from './papi-simulator.js';

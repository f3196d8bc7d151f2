export type {
  LostAnswers,
  SimulatorClock,
  SimulatorListening,
  SimulatorListenOptions,
} from '@connectorkit/http-core/testing';
export { VERSION } from '../version.js';
export {
  type AmsListenOptions,
  type AmsSimulator,
  type AmsSimulatorHandler,
  type AmsSimulatorOptions,
  type AmsSimulatorServer,
  type AmsSimulatorUser,
  balancerFault,
  createAmsSimulator,
} from './create-ams-simulator.js';
export { x509Dn } from './sim-authn.js';
export type {
  SimMessage,
  SimRole,
  SimState,
  SimSubscription,
  SimTopic,
  SimUser,
} from './sim-state.js';

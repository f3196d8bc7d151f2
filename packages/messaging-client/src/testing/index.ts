export { VERSION } from '../version.js';
export {
  type AmsSimulator,
  type AmsSimulatorOptions,
  type AmsSimulatorServer,
  type AmsSimulatorUser,
  balancerFault,
  createAmsSimulator,
} from './create-ams-simulator.js';
export type { LostAnswers } from './lost-answers.js';
export type {
  SimMessage,
  SimRole,
  SimState,
  SimSubscription,
  SimTopic,
  SimUser,
} from './sim-state.js';

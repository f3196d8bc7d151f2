export { withCors } from './cors.js';
export {
  createFaultInjector,
  type Fault,
  type FaultInjector,
  type FaultInjectorOptions,
} from './fault-injector.js';
export {
  createFetchHandler,
  type RecordedCall,
  recordCalls,
  type ScriptedStep,
  scripted,
} from './fetch-doubles.js';
export {
  type FetchHandler,
  type LoopbackServer,
  type LoopbackServerOptions,
  type NodeHandler,
  startLoopbackServer,
  toNodeHandler,
} from './loopback-server.js';
export { createLostAnswers, type LostAnswers, type LostAnswersOptions } from './lost-answers.js';
export { seededRandom } from './seeded-random.js';
export {
  createSelfSignedCertificate,
  type SelfSignedCertificate,
  type SelfSignedCertificateOptions,
} from './self-signed-certificate.js';
export { createSimulatorClock, type SimulatorClock } from './simulator-clock.js';
export {
  createSimulatorServer,
  type SimulatorListening,
  type SimulatorListenOptions,
  type SimulatorServer,
  type SimulatorServerOptions,
} from './simulator-server.js';
export { visibleText } from './visible-text.js';

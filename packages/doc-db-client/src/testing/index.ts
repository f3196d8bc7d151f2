export type {
  SimulatorClock,
  SimulatorListening,
  SimulatorListenOptions,
} from '@connectorkit/http-core/testing';
export { formatSeq, type SeqStyle } from './changes/changes-feed.js';
export { createCouchDbSimulator } from './couch-simulator.js';
export type { CouchDbSimulator, CouchDbSimulatorOptions } from './couch-simulator-types.js';
export { matchesSelector } from './mango/selector.js';

export { formatSeq, type SeqStyle } from './changes/changes-feed.js';
export {
  type CouchDbSimulator,
  type CouchDbSimulatorOptions,
  createCouchDbSimulator,
} from './couch-simulator.js';
export { matchesSelector } from './mango/selector.js';

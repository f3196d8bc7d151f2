export { createCouchDbSimulator } from '@connectorkit/doc-db-client/testing';
export { VERSION } from '../version.js';
export { createMemoryCheckpointStore } from './memory-checkpoint-store.js';

import { defineIntegrationSuite } from '../test-support/integration-suite.js';
import { createCouchDbSimulator } from './index.js';

// The operations suite that runs against express-pouchdb and a real CouchDB, run against the
// simulator too: the simulator must answer every operation as those servers do.
defineIntegrationSuite('the CouchDB simulator', async () => {
  const server = await createCouchDbSimulator({ admins: { admin: 'sim-pw' } }).listen();
  return { url: server.url, username: 'admin', password: 'sim-pw', close: server.close };
});

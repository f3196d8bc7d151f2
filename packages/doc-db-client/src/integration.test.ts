import { describe, it } from 'vitest';
import { realCouchDbFromEnvironment, startExpressPouchDb } from './test-support/express-pouchdb.js';
import { defineIntegrationSuite } from './test-support/integration-suite.js';

defineIntegrationSuite('express-pouchdb 4.2 (in-process)', startExpressPouchDb);

const real = realCouchDbFromEnvironment();
if (real) {
  defineIntegrationSuite(`a real CouchDB at ${new URL(real.url).host}`, async () => real);
} else {
  describe('a real CouchDB', () => {
    it('is not configured: set COUCHDB_URL (and COUCHDB_USERNAME, COUCHDB_PASSWORD) to run the suite against one', () => {
      console.info('doc-db-client: real-CouchDB suite not run because COUCHDB_URL is not set');
    });
  });
}

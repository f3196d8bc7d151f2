import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { devNull } from 'node:os';
import { startLoopbackServer } from '@connectorkit/http-core/testing';

const require = createRequire(import.meta.url);

/** A CouchDB-compatible server for the tests: express-pouchdb 4.2 in memory, writing no files. */
export interface TestCouchServer {
  url: string;
  username: string;
  password: string;
  close(): Promise<void>;
}

interface PouchDbConstructor {
  plugin(plugin: unknown): PouchDbConstructor;
  defaults(options: object): unknown;
}
type ExpressApp = ((req: IncomingMessage, res: ServerResponse) => void) & {
  use(path: string, handler: unknown): void;
};

let handlersInstalled = false;

/** Mounts express-pouchdb as reference couchdb.md section 10.1 describes, with an admin. */
export async function startExpressPouchDb(): Promise<TestCouchServer> {
  const PouchDB = (require('pouchdb-core') as PouchDbConstructor)
    .plugin(require('pouchdb-adapter-memory'))
    .plugin(require('pouchdb-adapter-http'))
    .plugin(require('pouchdb-mapreduce'))
    .plugin(require('pouchdb-replication'));
  if (!handlersInstalled) {
    // express-pouchdb leaks unhandled rejections on some routes (couchdb.md 10.3).
    process.on('unhandledRejection', () => {});
    handlersInstalled = true;
  }
  const app = (require('express') as () => ExpressApp)();
  app.use(
    '/',
    (require('express-pouchdb') as (db: unknown, o: object) => unknown)(
      PouchDB.defaults({ adapter: 'memory' }),
      {
        inMemoryConfig: true,
        mode: 'fullCouchDB',
        logPath: devNull,
      },
    ),
  );
  const server = await startLoopbackServer((req, res) => app(req, res));
  const username = 'admin';
  const password = 'test-Passw0rd';
  const created = await fetch(`${server.url}/_config/admins/${username}`, {
    method: 'PUT',
    body: JSON.stringify(password),
  });
  if (!created.ok) throw new Error(`could not create the test admin: ${created.status}`);
  return { url: server.url, username, password, close: () => server.close() };
}

/** A real CouchDB from COUCHDB_URL (+ COUCHDB_USERNAME / COUCHDB_PASSWORD), when one is given. */
export function realCouchDbFromEnvironment(): TestCouchServer | undefined {
  const url = process.env.COUCHDB_URL;
  if (!url) return undefined;
  return {
    url: url.replace(/\/+$/, ''),
    username: process.env.COUCHDB_USERNAME ?? 'admin',
    password: process.env.COUCHDB_PASSWORD ?? '',
    close: async () => {},
  };
}

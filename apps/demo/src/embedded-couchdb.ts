import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { devNull } from 'node:os';
import {
  createFaultInjector,
  type FaultInjector,
  startLoopbackServer,
} from '@connectorkit/http-core/testing';

const require = createRequire(import.meta.url);

export interface EmbeddedCouchDb {
  url: string;
  username: string;
  password: string;
  faults: FaultInjector;
  close(): Promise<void>;
}

type Handler = (...args: unknown[]) => void;
interface ExpressApp {
  (req: IncomingMessage, res: ServerResponse): void;
  use(path: string, handler: unknown): void;
}

let handlersInstalled = false;

interface PouchDbConstructor {
  plugin(plugin: unknown): PouchDbConstructor;
  defaults(options: object): unknown;
}
let PouchDB: PouchDbConstructor | undefined;

/**
 * The demo's in-process CouchDB-compatible database: express-pouchdb 4.2 over PouchDB's in-memory
 * adapter, mounted so that it writes no file (no log.txt, no config.json) in the working directory.
 * An admin is created at once, so the server is never an "admin party".
 */
export async function startEmbeddedCouchDb(
  options: { port?: number; username?: string; password?: string; faults?: FaultInjector } = {},
): Promise<EmbeddedCouchDb> {
  // Plugins register on the shared constructor once per process (a second time throws).
  PouchDB ??= (require('pouchdb-core') as PouchDbConstructor)
    .plugin(require('pouchdb-adapter-memory'))
    .plugin(require('pouchdb-adapter-http'))
    .plugin(require('pouchdb-mapreduce'))
    .plugin(require('pouchdb-replication'));
  const express = require('express') as () => ExpressApp;
  const expressPouchDb = require('express-pouchdb') as (db: unknown, options: object) => unknown;
  if (!handlersInstalled) {
    // express-pouchdb leaks unhandled rejections on some routes (reference couchdb.md 10.3);
    // without these handlers one would end the demo.
    const ignore: Handler = () => {};
    process.on('unhandledRejection', ignore);
    handlersInstalled = true;
  }
  const app = express();
  app.use(
    '/',
    expressPouchDb(PouchDB.defaults({ adapter: 'memory' }), {
      inMemoryConfig: true,
      mode: 'fullCouchDB',
      logPath: devNull,
    }),
  );
  const faults = options.faults ?? createFaultInjector();
  const server = await startLoopbackServer(
    faults.wrap((req, res) => app(req, res)),
    options.port === undefined ? {} : { port: options.port },
  );
  const { url } = server;
  const username = options.username ?? 'admin';
  const password = options.password ?? 'demo-password';
  const response = await fetch(`${url}/_config/admins/${encodeURIComponent(username)}`, {
    method: 'PUT',
    body: JSON.stringify(password),
    headers: { 'content-type': 'application/json' },
  });
  if (!response.ok)
    throw new Error(`could not create the embedded database admin: ${response.status}`);
  return { url, username, password, faults, close: () => server.close() };
}

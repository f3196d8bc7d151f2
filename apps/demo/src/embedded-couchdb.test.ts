import { afterAll, beforeAll, expect, it } from 'vitest';
import { type EmbeddedCouchDb, startEmbeddedCouchDb } from './embedded-couchdb.js';

let db: EmbeddedCouchDb;
beforeAll(async () => {
  db = await startEmbeddedCouchDb();
});
afterAll(() => db.close());

it('requires the admin credentials it prints once started', async () => {
  const auth = `Basic ${Buffer.from(`${db.username}:${db.password}`).toString('base64')}`;
  const created = await fetch(`${db.url}/demo-check`, {
    method: 'PUT',
    headers: { authorization: auth },
  });
  expect(created.status).toBe(201);
  const anonymous = await fetch(`${db.url}/_config`);
  expect(anonymous.status).toBe(401);
});

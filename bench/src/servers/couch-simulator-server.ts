import { createCouchDbSimulator } from '@connectorkit/doc-db-client/testing';

// The CouchDB simulator in its own process for benchmarks. Args: <docs in db "bench"> [docSize].
const count = Number(process.argv[2] ?? 0);
const size = Number(process.argv[3] ?? 100);
const sim = createCouchDbSimulator({ admins: { admin: 'bench-pw' } });
sim.createDatabase('bench');
const filler = 'x'.repeat(size);
for (let start = 0; start < count; start += 10_000) {
  const docs = [];
  for (let i = start; i < Math.min(count, start + 10_000); i++)
    docs.push({ _id: `doc-${String(i).padStart(8, '0')}`, i, filler });
  sim.writeDocuments('bench', docs);
}
const server = await sim.listen();
process.send?.(server.url);

// The Exalead Push API client recommendations' push session with checkpoints: a connector that
// follows a journal of events. Each run reads the synced checkpoint to know where the last run
// stopped, pushes what came after it, sets the new checkpoint with sync (the operations and the
// checkpoint become crash-safe together), triggers indexing and waits until it is searchable.
import { setTimeout as sleep } from 'node:timers/promises';
import { HttpPushAPI, type PushAPI, PushAPIVersion } from '@connectorkit/pushapi-conventions';
import { papiSettings, runExample } from './support/services.js';

interface JournalEvent {
  id: number;
  uri: string;
  title?: string; // no title: the document was deleted
}

const CHECKPOINT = 'journal';

/** One run of the connector: push the events after the checkpoint. */
async function connectorRun(papi: PushAPI, journal: readonly JournalEvent[]): Promise<void> {
  // A session id from the server: if the server restarts and loses what was only Pushed, the
  // next command fails (PushAPISessionMismatchException) instead of going on unaware.
  await papi.startPushSession();
  // The last *synced* value: everything before it is safely on the server's disk.
  const last = Number((await papi.getCheckpoint(CHECKPOINT)) ?? 0);
  const todo = journal.filter((event) => event.id > last);
  console.log(`Checkpoint ${last || '(none)'}: ${todo.length} event(s) to push`);
  if (todo.length === 0) return papi.stopPushSession();

  // Adds are upserts by URI; one list per request is much faster than one document each.
  const added = todo.filter((e) => e.title !== undefined);
  await papi.addDocumentList(
    added.map((e) => ({
      uri: e.uri,
      stamp: String(e.id), // compared with the source to decide whether to push again
      metas: { title: e.title as string },
      parts: [{ content: `${e.title}, from journal event ${e.id}`, mimeHint: 'text/plain' }],
    })),
  );
  const deleted = todo.filter((e) => e.title === undefined).map((e) => e.uri);
  if (deleted.length > 0) await papi.deleteDocumentList(deleted);

  // sync = true: returns once the operations before it and the checkpoint are Synced.
  const lastId = String(todo[todo.length - 1]?.id);
  const serial = await papi.setCheckpoint(lastId, CHECKPOINT, true);
  await papi.triggerIndexingJob();
  // The recommendation's PHP sample polls every 3 s; a short wait suits a small connector.
  for (let polls = 0; !(await papi.areDocumentsSearchable(serial)); polls++) {
    if (polls === 100) throw new Error(`serial ${serial} still not searchable`);
    await sleep(200);
  }
  console.log(
    `Pushed ${added.length}, deleted ${deleted.length}; checkpoint ${lastId} (serial ${serial}) searchable`,
  );
  await papi.stopPushSession();
}

await runExample(async () => {
  const s = await papiSettings();
  // PushAPIFactory.createHttp(version, host, port, connectorName, connectorType, login, password)
  // takes the same arguments in the recommendation's order.
  const papi = new HttpPushAPI({
    version: PushAPIVersion.PAPI_V4,
    host: s.host,
    port: s.port,
    connectorName: s.connectorName,
    connectorType: 'journal',
    login: s.login,
    password: s.password,
  });

  const journal: JournalEvent[] = [
    { id: 1, uri: 'journal/docs/a.txt', title: 'Release notes' },
    { id: 2, uri: 'journal/docs/b.txt', title: 'Install guide' },
    { id: 3, uri: 'journal/docs/c.txt', title: 'Draft' },
  ];
  await connectorRun(papi, journal);

  // Later: two more events. The next run pushes only those.
  journal.push(
    { id: 4, uri: 'journal/docs/c.txt' },
    { id: 5, uri: 'journal/docs/d.txt', title: 'FAQ' },
  );
  await connectorRun(papi, journal);

  // What the index holds (Synced entries, with their stamps), e.g. to find deleted sources.
  for await (const entry of papi.enumerateSyncedEntries('journal/', 'RECURSIVE_DOCUMENTS')) {
    console.log(`  indexed ${entry.uri} (stamp ${entry.stamp})`);
  }
  await papi.close();
});

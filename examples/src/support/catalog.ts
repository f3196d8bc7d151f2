/**
 * Every example: its name (the file `src/<name>.ts`), the package it shows, and what it does.
 * README.md has the seed use case each one reproduces.
 */
export interface ExampleEntry {
  name: string;
  package: string;
  summary: string;
}

export const EXAMPLES: readonly ExampleEntry[] = [
  {
    name: 'coveo-push',
    package: '@connectorkit/push-client',
    summary: 'one document with metadata pushed, then deleted with its children',
  },
  {
    name: 'coveo-batch',
    package: '@connectorkit/push-client',
    summary: 'two adds and a delete through a file container, with the source status around it',
  },
  {
    name: 'coveo-security-identities',
    package: '@connectorkit/push-client',
    summary:
      'group with members, alias, secured document, identity batch, delete, delete older than',
  },
  {
    name: 'coveo-partial-update',
    package: '@connectorkit/push-client',
    summary: 'search by sku, merge the new metadata, push the items back; one status per key',
  },
  {
    name: 'coveo-partial-update-proxy',
    package: '@connectorkit/push-client',
    summary: 'an HTTP server taking the seed JSON body; a good request and a refused one',
  },
  {
    name: 'cloudant-create',
    package: '@connectorkit/doc-db-client',
    summary: 'the orders database and its "example" document',
  },
  {
    name: 'cloudant-info',
    package: '@connectorkit/doc-db-client',
    summary: 'server version, document count, the "example" document read back',
  },
  {
    name: 'cloudant-update',
    package: '@connectorkit/doc-db-client',
    summary: 'an address added, a field removed, the new revision',
  },
  {
    name: 'cloudant-delete',
    package: '@connectorkit/doc-db-client',
    summary: 'the document deleted with its current revision',
  },
  {
    name: 'changes-follower',
    package: '@connectorkit/changes-follower',
    summary:
      'one-off read with a checkpoint, then a continuous follow that resumes there and stops',
  },
  {
    name: 'ams-publish-consume',
    package: '@connectorkit/messaging-client',
    summary: 'topic and subscription, messages published, consumed and acked',
  },
  {
    name: 'ams-offsets',
    package: '@connectorkit/messaging-client',
    summary: 'offsets read, moved back to replay, time to offset, seek to the end',
  },
  {
    name: 'ams-users',
    package: '@connectorkit/messaging-client',
    summary: 'a user created, read, updated, listed, its token refreshed, deleted',
  },
  {
    name: 'papi-push-session',
    package: '@connectorkit/pushapi-conventions',
    summary: 'resume from the synced checkpoint, push, checkpoint with sync, wait until searchable',
  },
];

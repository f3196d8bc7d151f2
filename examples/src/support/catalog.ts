/** Every example: its name (the file `src/<name>.ts`), the package it shows, and what it does. */
export interface ExampleEntry {
  name: string;
  package: string;
  /** The seed's documented use case it reproduces. */
  useCase: string;
  summary: string;
}

export const EXAMPLES: readonly ExampleEntry[] = [
  {
    name: 'coveo-push',
    package: '@connectorkit/push-client',
    useCase: 'Coveo Python client README: push one document (and the delete sample)',
    summary: 'one document with metadata pushed, then deleted with its children',
  },
  {
    name: 'coveo-batch',
    package: '@connectorkit/push-client',
    useCase: 'Coveo Python client: batch of documents',
    summary: 'two adds and a delete through a file container, with the source status around it',
  },
  {
    name: 'coveo-security-identities',
    package: '@connectorkit/push-client',
    useCase: 'Coveo Python client: security identities',
    summary:
      'group with members, alias, secured document, identity batch, delete, delete older than',
  },
  {
    name: 'coveo-partial-update',
    package: '@connectorkit/push-client',
    useCase: 'Coveo Partial Updates: update fields of Push-source items by key',
    summary: 'search by sku, merge the new metadata, push the items back; one status per key',
  },
  {
    name: 'coveo-partial-update-proxy',
    package: '@connectorkit/push-client',
    useCase: 'Coveo Partial Updates: the REST proxy',
    summary: 'an HTTP server taking the seed JSON body; a good request and a refused one',
  },
  {
    name: 'cloudant-create',
    package: '@connectorkit/doc-db-client',
    useCase: 'Cloudant SDK README example 1: create a database and add a document',
    summary: 'the orders database and its "example" document',
  },
  {
    name: 'cloudant-info',
    package: '@connectorkit/doc-db-client',
    useCase: 'Cloudant SDK README example 2: retrieve information from an existing database',
    summary: 'server version, document count, the "example" document read back',
  },
  {
    name: 'cloudant-update',
    package: '@connectorkit/doc-db-client',
    useCase: 'Cloudant SDK README example 3: update your previously created document',
    summary: 'an address added, a field removed, the new revision',
  },
  {
    name: 'cloudant-delete',
    package: '@connectorkit/doc-db-client',
    useCase: 'Cloudant SDK README example 4: delete your previously created document',
    summary: 'the document deleted with its current revision',
  },
  {
    name: 'changes-follower',
    package: '@connectorkit/changes-follower',
    useCase: 'Cloudant SDK README: changes feed follower',
    summary:
      'one-off read with a checkpoint, then a continuous follow that resumes there and stops',
  },
  {
    name: 'ams-publish-consume',
    package: '@connectorkit/messaging-client',
    useCase: 'argo-ams-library: publish and consume',
    summary: 'topic and subscription, messages published, consumed and acked',
  },
  {
    name: 'ams-offsets',
    package: '@connectorkit/messaging-client',
    useCase: 'argo-ams-library: subscription offsets',
    summary: 'offsets read, moved back to replay, time to offset, seek to the end',
  },
  {
    name: 'ams-users',
    package: '@connectorkit/messaging-client',
    useCase: 'argo-ams-library: user administration',
    summary: 'a user created, read, updated, listed, its token refreshed, deleted',
  },
  {
    name: 'papi-push-session',
    package: '@connectorkit/pushapi-conventions',
    useCase: 'Exalead Push API client recommendations: a push session with checkpoints',
    summary: 'resume from the synced checkpoint, push, checkpoint with sync, wait until searchable',
  },
];

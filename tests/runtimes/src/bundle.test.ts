import { describe, expect, it } from 'vitest';
import { browserBundle } from './bundle.js';

// The main entries a browser app imports: none may reach a Node built-in or use Buffer.
const entries = [
  '@connectorkit/http-core',
  '@connectorkit/doc-db-client',
  '@connectorkit/push-client',
  '@connectorkit/messaging-client',
  '@connectorkit/pushapi-conventions',
  '@connectorkit/changes-follower',
];

describe('browser bundles', () => {
  it.each(entries)('%s bundles for the browser with no node:* module', async (entry) => {
    const { metafile } = await browserBundle(entry);
    const imports = Object.values(metafile.inputs).flatMap((input) =>
      input.imports.map((i) => i.path),
    );
    expect(imports.filter((path) => path.startsWith('node:'))).toEqual([]);
  });
});

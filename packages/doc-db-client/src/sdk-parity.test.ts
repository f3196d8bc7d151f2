import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isInputValidationError } from '@connectorkit/http-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocDbClient, type DocDbClient } from './index.js';
import { drive, METHODS, type MethodEntry } from './test-support/method-table.js';
import { type RecordingServer, startRecordingServer } from './test-support/recording-server.js';
import { createCouchDbSimulator } from './testing/index.js';

/*
 * Every operation of the Cloudant SDK (`CloudantV1` of @ibm-cloud/cloudant 0.12) has a method of
 * the same name taking the same request fields, and the README's operation table lists exactly
 * the client's methods, mapping every SDK name.
 */

const require = createRequire(import.meta.url);
const sdkTypes = readFileSync(require.resolve('@ibm-cloud/cloudant/cloudant/v1.d.ts'), 'utf8');
/** The SDK's operations: `name(params...): Promise<...>` members of the class. */
const SDK_METHODS = [...sdkTypes.matchAll(/^ {4}(\w+)\(params\??: CloudantV1\.(\w+)\)/gm)].map(
  (m) => ({ name: m[1] as string, params: m[2] as string }),
);
/** The request fields of a params interface (`headers` from `DefaultParams` included). */
function fieldsOf(params: string): string[] {
  const body = new RegExp(
    `interface ${params}(?: extends DefaultParams)? \\{([\\s\\S]*?)\\n {4}\\}`,
  ).exec(sdkTypes)?.[1];
  return [...(body ?? '').matchAll(/^ {8}(\w+)\??:/gm)].map((m) => m[1] as string);
}

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const section = readme.slice(
  readme.indexOf('## Operations'),
  readme.indexOf('\n## ', readme.indexOf('## Operations') + 3),
);
/** Rows of the README's tables: `| \`sdkName\` | ... |` and `| — | \`ours\` | ...`. */
const tableRows = [...section.matchAll(/^\| (`\w+`|—) \| (`\w+`|—) \|/gm)].map((m) => ({
  sdk: m[1]?.replace(/`/g, ''),
  ours: m[2]?.replace(/`/g, ''),
}));

let client: DocDbClient;
let server: RecordingServer;
beforeAll(async () => {
  server = await startRecordingServer(createCouchDbSimulator().handler);
  client = createDocDbClient({ url: server.url, retry: false });
});
afterAll(() => server.close());

describe('the Cloudant SDK’s operations', () => {
  it('are 100, and each is a method of the client', () => {
    expect(SDK_METHODS).toHaveLength(100);
    const missing = SDK_METHODS.filter(
      (m) => typeof client[m.name as keyof DocDbClient] !== 'function',
    );
    expect(missing.map((m) => m.name)).toEqual([]);
  });

  it('the README table maps every SDK name, and lists exactly the client’s methods', () => {
    const methods = Object.keys(client)
      .filter((k) => typeof client[k as keyof DocDbClient] === 'function')
      .sort();
    expect(
      tableRows
        .filter((r) => r.sdk !== '—')
        .map((r) => r.sdk)
        .sort(),
    ).toEqual(SDK_METHODS.map((m) => m.name).sort());
    expect(tableRows.every((r) => r.sdk === '—' || r.ours === r.sdk)).toBe(true);
    expect([...new Set(tableRows.map((r) => r.ours))].sort()).toEqual(methods);
  });

  it('each method reads every request field of its SDK operation (a wrong value is refused by name)', async () => {
    const unread: string[] = [];
    let checked = 0;
    for (const { name, params } of SDK_METHODS) {
      const entry = METHODS.find((m) => m.name === name) as MethodEntry;
      for (const field of fieldsOf(params)) {
        checked++;
        server.clear();
        const error = await drive(client, entry, { ...entry.params(), [field]: Symbol('wrong') });
        const named =
          isInputValidationError(error) &&
          error.issues.some((i) => i.path === field || i.path.startsWith(`${field}.`));
        if (!named || server.requests.length > 0) unread.push(`${name}.${field}`);
      }
    }
    expect(unread).toEqual([]);
    expect(checked).toBeGreaterThan(600);
  });
});

import { expect } from 'vitest';
import type { FlowResults } from './flows.js';

/** What every runtime must get from the flows: the same answers Node gets. */
export function expectFlows(
  results: FlowResults,
  runtime: string,
  coveoDocuments: () => readonly string[],
): void {
  const failed = Object.entries(results)
    .filter(([, r]) => !r.ok)
    .map(([name, r]) => `${name}: ${(r as { error: string }).error}`);
  expect(failed, `${runtime}: flows that failed`).toEqual([]);
  const value = (name: string) => (results[name] as { value: unknown }).value;
  expect(value('http-core GET and POST with auth, and a 404')).toEqual({
    authorization: 'Bearer tok-1',
    body: { a: 1 },
    missing: { isHttpError: true, status: 404 },
  });
  expect(value('doc-db-client document round trip and a _changes read')).toEqual({
    followed: ['a/b', 'c', 'd'],
    rev: true,
    read: { n: 1, text: 'é€😀' },
    changes: ['a/b', 'c', 'd'],
  });
  expect(value('pushapi-conventions push session with a synced checkpoint')).toEqual({
    serialIsBigint: true,
    read: 'seq-42',
    exists: true,
  });
  // What landed in the Coveo simulator: the single document and the 30 of the batch.
  const { prefix } = value('push-client single and batch push through file containers') as {
    prefix: string;
  };
  const landed = coveoDocuments().filter((uri) => uri.startsWith(`${prefix}/`));
  expect(landed.length, `${runtime}: documents in the Coveo simulator`).toBe(31);
  expect(landed).toContain(`${prefix}/one`);
  const tls = value('http-core tls options name the runtime where they cannot work') as {
    refused: boolean;
    message?: string;
  };
  // Deno and Bun have node:https, so client TLS options work there; a browser has none.
  const x509 = value(
    'messaging-client certificate login names the runtime where it cannot work',
  ) as {
    refused: boolean;
    message?: string;
  };
  if (runtime === 'Chromium') {
    expect(tls.refused).toBe(true);
    expect(tls.message).toMatch(/needs Node\.js .*a browser/);
    expect(x509.refused, x509.message).toBe(true);
    expect(x509.message).toMatch(/browser/);
  } else {
    expect(tls).toEqual({ refused: false });
    // Deno and Bun have node:https: a certificate client is made as on Node.js.
    expect(x509.refused, x509.message).toBe(false);
  }
  expect(value('messaging-client publish, pull and ack')).toEqual(['héllo 😀', 'second']);
}

import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createCouchDbSimulator } from '@connectorkit/doc-db-client/testing';
import { createAmsSimulator } from '@connectorkit/messaging-client/testing';
import { createPapiSimulator } from '@connectorkit/pushapi-conventions/testing';
import { describe, expect, it } from 'vitest';
import { EXAMPLES } from './support/catalog.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const SERVICE_VARIABLE = /^(CLOUDANT_|COVEO_|AMS_|PAPI_|IBM_CREDENTIALS_FILE$)/;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `npm run example -- <args>` as the package script does, with only `env` set of ours. */
function run(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !SERVICE_VARIABLE.test(key)),
  );
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/support/run.ts', ...args],
      { cwd: root, env: { ...inherited, ...env }, timeout: 25_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** For each example, lines of its output that only a flow that worked can print. */
const PROOF: Record<string, RegExp[]> = {
  'coveo-push': [
    /^Document added: https:\/\/my\.document\.uri \(HTTP 202, request [\w-]+\)$/m,
    /^Document deleted with its children: https:\/\/my\.document\.uri \(HTTP 202\)$/m,
  ],
  'coveo-batch': [
    /^Batch sent: 2 added, 1 deleted, 1 file container\(s\), \d+ bytes$/m,
    /^ {2}container [\w-]+: accepted$/m,
  ],
  'coveo-security-identities': [
    /^Group "engineering" written to My Security Provider with 2 members$/m,
    /^Secured document pushed: https:\/\/my\.document\.uri\/secured \(HTTP 202\)$/m,
    /^Identity batch applied through file container [\w-]+$/m,
    /^Identities not written since \S+ deleted$/m,
  ],
  'coveo-partial-update': [
    /^A1: Found and updated$/m,
    /^B2: Found and updated$/m,
    /^ZZ9: Not found$/m,
  ],
  'coveo-partial-update-proxy': [
    /^POST → 200 \{"C3":"Found and updated"\}$/m,
    /^POST without keys → 400 \{"error":".*api_key_search.*"\}$/m,
  ],
  'cloudant-create': [/^"orders" database created\.$/m, /^ {2}"_rev": "1-[0-9a-f]{32}"$/m],
  'cloudant-info': [
    /^Server Version: 3\.\d+\.\d+$/m,
    /^Document count in "orders" database is 1\.$/m,
    /^ {2}"name": "Bob Smith",$/m,
  ],
  'cloudant-update': [
    /^ {2}"_rev": "2-[0-9a-f]{32}",$/m,
    /^ {2}"address": "19 Front Street, Darlington, DL5 1TY"$/m,
  ],
  'cloudant-delete': [/^You have deleted the document\.\nThe document is gone \(404\)\.$/m],
  'changes-follower': [
    /^one-off: order-1 quantity 1\none-off: order-2 quantity 2\none-off: order-3 quantity 3$/m,
    /^one-off: order-3 quantity 3\ncontinuous: order-4 quantity 4\nFollower stopped/m,
  ],
  'ams-publish-consume': [
    /^Pulled \S+: \{"id":1,"item":"shoe"\} \{"kind":"order"\}$/m,
    /^Pulled \S+: \{"id":3,"item":"shoe"\}/m,
    /^Handled \S+: \{"id":5,"item":"shoe"\}$/m,
    /^Consumer stopped: 2 handled, 2 acked$/m,
  ],
  'ams-offsets': [
    /^Consumed: created, paid, shipped$/m,
    /^Replayed from offset 0: created, paid, shipped$/m,
    /^Skipped to the end: offset 4, 0 message\(s\) pending$/m,
  ],
  'ams-users': [
    /^Updated: Example Org, roles \["consumer","publisher"\]$/m,
    /^Token refreshed: it belongs to connectorkit-example-user, and differs from the old one: true$/m,
    /^Deleted connectorkit-example-user$/m,
  ],
  'papi-push-session': [
    /^Checkpoint \(none\): 3 event\(s\) to push$/m,
    /^Checkpoint 3: 2 event\(s\) to push\nPushed 1, deleted 1; checkpoint 5 \(serial \d+\) searchable$/m,
    /^ {2}indexed journal\/docs\/a\.txt \(stamp 1\)\n {2}indexed journal\/docs\/b\.txt \(stamp 2\)\n {2}indexed journal\/docs\/d\.txt \(stamp 5\)$/m,
  ],
};

describe.concurrent('every example against the simulators', () => {
  it('has a proof for each example in the catalog, and a file for each', () => {
    const files = readdirSync(new URL('.', import.meta.url))
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .map((f) => f.slice(0, -3));
    const names = EXAMPLES.map((e) => e.name);
    expect(files.sort()).toEqual([...names].sort());
    expect(Object.keys(PROOF).sort()).toEqual([...names].sort());
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const name of names) expect(readme).toContain(`| \`${name}\``);
  });

  for (const { name } of EXAMPLES) {
    it(name, async () => {
      const result = await run([name]);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^\(.+ simulator at http:\/\/127\.0\.0\.1:\d+; set .+\)$/m);
      for (const proof of PROOF[name] ?? []) expect(result.stdout).toMatch(proof);
    });
  }
});

describe.concurrent('the launcher and failures', () => {
  it('lists the examples with --list, and with no name (pnpm passes its -- through)', async () => {
    for (const args of [['--list'], [], ['--', '--list']]) {
      const result = await run(args);
      expect(result.code).toBe(0);
      for (const { name } of EXAMPLES) expect(result.stdout).toContain(`  ${name} `);
    }
  });

  it('runs an example named after a --', async () => {
    const result = await run(['--', 'cloudant-create']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('"orders" database created.');
  });

  it('refuses an unknown name in one line', async () => {
    const result = await run(['no-such-example']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'Unknown example "no-such-example"; `npm run example -- --list` lists them.\n',
    );
  });

  it('says in one line which variable is missing, without a stack, and exits 1', async () => {
    const result = await run(['coveo-push'], { COVEO_ORG_ID: 'myorg' });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'Failed: COVEO_API_KEY, COVEO_SOURCE_ID must be set too, since COVEO_ORG_ID is\n',
    );
  });

  it('fails in one line when the service refuses, without the secret', async () => {
    const sim = createCouchDbSimulator({ admins: { admin: 'right-password' } });
    const server = await sim.listen();
    try {
      const result = await run(['cloudant-info'], {
        CLOUDANT_URL: server.url,
        CLOUDANT_AUTH_TYPE: 'BASIC',
        CLOUDANT_USERNAME: 'admin',
        CLOUDANT_PASSWORD: 'wrong-password',
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^Failed: \S+: .*401.*\n$/);
      expect(result.stderr).not.toContain('wrong-password');
    } finally {
      await server.close();
    }
  });
});

describe.concurrent('the real-service variables are used when set', () => {
  it('cloudant-create writes to the CouchDB that CLOUDANT_* name', async () => {
    const sim = createCouchDbSimulator({ admins: { admin: 'pw' } });
    const server = await sim.listen();
    try {
      const result = await run(['cloudant-create'], {
        CLOUDANT_URL: server.url,
        CLOUDANT_AUTH_TYPE: 'COUCHDB_SESSION',
        CLOUDANT_USERNAME: 'admin',
        CLOUDANT_PASSWORD: 'pw',
      });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).not.toContain('simulator at');
      expect(sim.getDocument('orders', 'example')).toMatchObject({ name: 'Bob Smith' });
    } finally {
      await server.close();
    }
  });

  it('ams-users administers the AMS that AMS_* name', async () => {
    const sim = createAmsSimulator({ project: 'REAL', token: 'admin-token' });
    const server = await sim.listen();
    try {
      const result = await run(['ams-users'], {
        AMS_ENDPOINT: server.url,
        AMS_TOKEN: 'admin-token',
        AMS_PROJECT: 'REAL',
      });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).not.toContain('simulator at');
      expect(result.stdout).toContain('Users of REAL: ');
    } finally {
      await server.close();
    }
  });

  it('papi-push-session pushes to the connector that PAPI_* name', async () => {
    const sim = createPapiSimulator({ connectorName: 'real', login: 'l', password: 'p' });
    const server = await sim.listen();
    try {
      const result = await run(['papi-push-session'], {
        PAPI_HOST: server.host,
        PAPI_PORT: String(server.port),
        PAPI_CONNECTOR: 'real',
        PAPI_LOGIN: 'l',
        PAPI_PASSWORD: 'p',
      });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).not.toContain('simulator at');
      expect(sim.state.getCheckpoint('journal', true)).toBe('5');
    } finally {
      await server.close();
    }
  });
});

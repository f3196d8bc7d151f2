import { mkdtempSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { containerAuth, createHttpClient, isAuthenticationError, vpcAuth } from '../index.js';
import { type LoopbackServer, startLoopbackServer } from '../testing/index.js';

const servers: LoopbackServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function echoAuthService() {
  const server = await startLoopbackServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ authorization: req.headers.authorization ?? null }));
  });
  servers.push(server);
  return server;
}

describe('containerAuth', () => {
  it('reads the compute-resource token from its file and exchanges it for the profile', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cr-'));
    const file = join(dir, 'token');
    writeFileSync(file, 'cr-token-1\n');
    const forms: URLSearchParams[] = [];
    const iam = await startLoopbackServer(async (req, res) => {
      forms.push(new URLSearchParams(await body(req)));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ access_token: 'iam-from-cr', expires_in: 3600 }));
    });
    servers.push(iam);
    const service = await echoAuthService();
    const http = createHttpClient({
      baseUrl: service.url,
      auth: containerAuth({
        crTokenFilename: file,
        profileName: 'my-profile',
        accountId: 'acc',
        url: iam.url,
      }),
    });
    await expect(http.get('/')).resolves.toEqual({ authorization: 'Bearer iam-from-cr' });
    expect(Object.fromEntries(forms[0] ?? [])).toEqual({
      grant_type: 'urn:ibm:params:oauth:grant-type:cr-token',
      cr_token: 'cr-token-1',
      profile_name: 'my-profile',
      account: 'acc',
    });
  });

  it('fails with an AuthenticationError naming the files it tried', async () => {
    const service = await echoAuthService();
    const http = createHttpClient({
      baseUrl: service.url,
      auth: containerAuth({ crTokenFilename: '/nonexistent/cr-token', profileId: 'p' }),
    });
    const error = await http.get('/').catch((e: unknown) => e);
    expect(isAuthenticationError(error)).toBe(true);
    expect((error as Error).message).toContain('/nonexistent/cr-token');
  });

  it('refuses to be built without a profile', () => {
    expect(() => containerAuth({})).toThrow(/profileId, profileName or profileCrn/);
  });
});

describe('vpcAuth', () => {
  it('gets an instance identity token, then an IAM token for the trusted profile', async () => {
    const calls: {
      method: string;
      url: string;
      flavor: string | undefined;
      auth: string | undefined;
      body: string;
    }[] = [];
    const metadata = await startLoopbackServer(async (req, res) => {
      calls.push({
        method: req.method ?? '',
        url: req.url ?? '',
        flavor: req.headers['metadata-flavor'] as string | undefined,
        auth: req.headers.authorization,
        body: await body(req),
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(
          req.url?.includes('/iam_token')
            ? { access_token: 'vpc-iam-token', expires_in: 3600 }
            : { access_token: 'identity-token', expires_in: 300 },
        ),
      );
    });
    servers.push(metadata);
    const service = await echoAuthService();
    const http = createHttpClient({
      baseUrl: service.url,
      auth: vpcAuth({ metadataUrl: metadata.url, profileId: 'profile-1' }),
    });
    await expect(http.get('/')).resolves.toEqual({ authorization: 'Bearer vpc-iam-token' });
    expect(calls).toEqual([
      {
        method: 'PUT',
        url: '/instance_identity/v1/token?version=2022-03-01',
        flavor: 'ibm',
        auth: undefined,
        body: JSON.stringify({ expires_in: 300 }),
      },
      {
        method: 'POST',
        url: '/instance_identity/v1/iam_token?version=2022-03-01',
        flavor: undefined,
        auth: 'Bearer identity-token',
        body: JSON.stringify({ trusted_profile: { id: 'profile-1' } }),
      },
    ]);
  });
});

import type { TLSSocket } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient, isNetworkError, x509TokenAuth } from '../index.js';
import {
  createSelfSignedCertificate,
  type LoopbackServer,
  startLoopbackServer,
} from '../testing/index.js';

const servers: LoopbackServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const serverCert = createSelfSignedCertificate({ commonName: '127.0.0.1' });
const clientCert = createSelfSignedCertificate({ commonName: 'connector-host' });

describe('TLS options', () => {
  it('trusts a server through the given CA and refuses it without', async () => {
    const server = await startLoopbackServer(
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"secure":true}');
      },
      { tls: serverCert },
    );
    servers.push(server);
    const trusted = createHttpClient({
      baseUrl: server.url,
      tls: { ca: serverCert.cert },
      retry: false,
    });
    await expect(trusted.get('/')).resolves.toEqual({ secure: true });
    const untrusted = createHttpClient({ baseUrl: server.url, tls: {}, retry: false });
    expect(isNetworkError(await untrusted.get('/').catch((e: unknown) => e))).toBe(true);
    const unchecked = createHttpClient({
      baseUrl: server.url,
      tls: { rejectUnauthorized: false },
      retry: false,
    });
    await expect(unchecked.get('/')).resolves.toEqual({ secure: true });
  });
});

describe('x509TokenAuth', () => {
  it('logs in with the client certificate at the ARGO path and sends the token as x-api-key', async () => {
    let logins = 0;
    const seenPaths: string[] = [];
    const authn = await startLoopbackServer(
      (req, res) => {
        seenPaths.push(req.url ?? '');
        const peer = (req.socket as TLSSocket).getPeerCertificate();
        if (!peer?.subject) {
          res.writeHead(401, { 'content-type': 'application/json' });
          res.end('{"error":{"code":401,"message":"no certificate"}}');
          return;
        }
        logins++;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ token: `token-for-${peer.subject.CN}` }));
      },
      { tls: { ...serverCert, requestCert: true } },
    );
    const service = await startLoopbackServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ key: req.headers['x-api-key'] ?? null }));
    });
    servers.push(authn, service);
    const auth = x509TokenAuth({
      host: '127.0.0.1',
      authnPort: authn.port,
      tls: { cert: clientCert.cert, key: clientCert.key, ca: serverCert.cert },
    });
    const http = createHttpClient({ baseUrl: service.url, auth });
    await expect(http.get('/v1/projects/p/topics')).resolves.toEqual({
      key: 'token-for-connector-host',
    });
    await http.get('/again');
    expect(logins).toBe(1);
    expect(seenPaths).toEqual(['/v1/service-types/ams/hosts/127.0.0.1:authx509']);
  });
});

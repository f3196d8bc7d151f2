import { isAuthenticationError } from '@connectorkit/http-core';
import { createSelfSignedCertificate, visibleText } from '@connectorkit/http-core/testing';
import { afterEach, expect, it } from 'vitest';
import { ArgoMessagingService, isAmsServiceException } from './index.js';
import { createAmsSimulator, x509Dn } from './testing/index.js';

// The client's certificate login end to end over real TLS: AMS on one HTTPS port, the
// simulator's argo-api-authn on another asking for a client certificate.
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

const alice = createSelfSignedCertificate({ commonName: 'alice' });

async function start() {
  const sim = createAmsSimulator({
    project: 'P',
    token: 'admin-tok',
    users: [
      {
        name: 'alice',
        token: 'alice-x509-tok',
        certificateDn: x509Dn(alice.cert),
        projects: [{ project: 'P', roles: ['project_admin'] }],
      },
    ],
  });
  const ams = await sim.listen({ tls: true });
  const authn = await sim.listenAuthn();
  closers.push(ams.close, authn.close);
  const client = (cert: { cert: string; key: string }) =>
    new ArgoMessagingService({
      endpoint: ams.url,
      project: 'P',
      cert: cert.cert,
      key: cert.key,
      authnPort: authn.port,
      tls: { ca: ams.cert ?? '' },
      retry: false,
    });
  return { sim, ams, authn, client };
}

it('logs in with a client certificate, then calls AMS over HTTPS as the bound user', async () => {
  const { sim, ams, authn, client } = await start();
  expect(ams.cert).toBe(authn.cert); // one certificate to trust for both ports
  const x509 = client(alice);
  expect((await x509.getUserProfile()).name).toBe('alice');
  expect((await x509.createTopic('secure')).name).toBe('/projects/P/topics/secure');
  expect(sim.state.topics.has('P/secure')).toBe(true);
  // Neither a token nor a certificate: refused as the seed refuses it.
  expect(() => new ArgoMessagingService({ endpoint: ams.url, project: 'P' })).toThrow(
    /No certificate provided\. No token provided\./,
  );
});

it('logs in again once after a 401 (the token was refreshed meanwhile)', async () => {
  const { sim, ams, client } = await start();
  const x509 = client(alice);
  await x509.createTopic('t1');
  const admin = new ArgoMessagingService({
    endpoint: ams.url,
    project: 'P',
    token: 'admin-tok',
    tls: { ca: ams.cert ?? '' },
  });
  const renewed = await admin.refreshUserToken('alice');
  expect(renewed.token).not.toBe('alice-x509-tok');
  await x509.createTopic('t2');
  expect([...sim.state.topics.keys()].sort()).toEqual(['P/t1', 'P/t2']);
});

it('a certificate no user is bound to is refused by authn, and nothing reaches AMS', async () => {
  const { sim, client } = await start();
  const stranger = client(createSelfSignedCertificate({ commonName: 'stranger' }));
  const error = await stranger.createTopic('t').catch((e: unknown) => e);
  expect(isAuthenticationError(error)).toBe(true);
  expect(error).toMatchObject({ status: 404 });
  expect(sim.state.topics.size).toBe(0);
  const expired = client(createSelfSignedCertificate({ commonName: 'alice', validDays: -1 }));
  await expect(expired.createTopic('t')).rejects.toMatchObject({ status: 403 });
  expect(sim.state.topics.size).toBe(0);
});

it("the token the login got is in no error's text", async () => {
  const { client } = await start();
  const x509 = client(alice);
  const error = await x509.getTopic('missing').catch((e: unknown) => e);
  expect(isAmsServiceException(error) && error.status === 404).toBe(true);
  expect(visibleText(error)).not.toContain('alice-x509-tok');
  expect(visibleText(x509)).not.toContain('alice-x509-tok');
});

it('assignToken switches a certificate client to a token', async () => {
  const { client } = await start();
  const x509 = client(alice);
  expect((await x509.getUserProfile()).name).toBe('alice');
  x509.assignToken('admin-tok');
  expect((await x509.getUserProfile()).name).toBe('admin');
});

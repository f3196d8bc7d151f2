import { request } from 'node:https';
import { createSelfSignedCertificate } from '@connectorkit/http-core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createAmsSimulator, x509Dn } from './index.js';
import { AUTHN_ERRORS, type AuthnErrorKey, renderMessage } from './sim-errors.js';
import { amsError, errorResponse } from './sim-responses.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

const alice = createSelfSignedCertificate({ commonName: 'alice' });
const stranger = createSelfSignedCertificate({ commonName: 'stranger' });
const expired = createSelfSignedCertificate({ commonName: 'alice', validDays: -1 });

interface Answer {
  status: number;
  contentType: string;
  text: string;
}

/** One GET over TLS, with or without a client certificate, as python-requests would send it. */
function get(url: string, ca: string, client?: { key: string; cert: string }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, ...client, headers: { accept: '*/*' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          contentType: String(res.headers['content-type']),
          text,
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

async function start(now?: () => number) {
  const sim = createAmsSimulator({
    project: 'P',
    token: 'admin-tok',
    users: [
      {
        name: 'alice',
        token: 'alice-tok',
        certificateDn: x509Dn(alice.cert),
        projects: [{ project: 'P', roles: ['consumer'] }],
      },
    ],
    ...(now ? { now } : {}),
  });
  const authn = await sim.listenAuthn();
  closers.push(authn.close);
  const ca = authn.cert ?? '';
  const path = (host = '127.0.0.1', type = 'ams') =>
    `${authn.url}/v1/service-types/${type}/hosts/${host}:authx509`;
  return { sim, authn, ca, path };
}

describe('the x509 login (argo-api-authn)', () => {
  it('x509Dn writes the subject as Go does, most specific name first', () => {
    expect(x509Dn(alice.cert)).toBe('CN=alice');
  });

  it('gives the token of the user bound to the certificate, as authn writes it', async () => {
    const { ca, path, authn } = await start();
    expect(authn.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const answer = await get(path(), ca, alice);
    expect(answer).toEqual({
      status: 200,
      contentType: 'application/json; charset=utf-8',
      text: '{\n "token": "alice-tok"\n}',
    });
    // localhost is one of the default hosts too.
    expect(JSON.parse((await get(path('localhost'), ca, alice)).text)).toEqual({
      token: 'alice-tok',
    });
  });

  const triggers: Record<AuthnErrorKey, (s: Awaited<ReturnType<typeof start>>) => Promise<Answer>> =
    {
      noCertificate: ({ ca, path }) => get(path(), ca),
      hostNotFound: ({ ca, path }) => get(path('msg.example.org'), ca, alice),
      bindingNotFound: ({ ca, path }) => get(path(), ca, stranger),
      serviceTypeNotFound: ({ ca, path }) => get(path('127.0.0.1', 'web-api'), ca, alice),
      certificateExpired: ({ ca, path }) => get(path(), ca, expired),
      certificateNotActive: async ({ ca, path, sim }) => {
        sim.clock.advance(-86_400_000);
        return get(path(), ca, alice);
      },
      internalError: async ({ ca, path, sim }) => {
        sim.state.users.delete('alice');
        return get(path(), ca, alice);
      },
    };
  const values: Partial<Record<AuthnErrorKey, Record<string, string>>> = {
    internalError: { detail: errorResponse(amsError('userNotFound')).body },
  };

  for (const [key, trigger] of Object.entries(triggers)) {
    it(`answers ${key} from the table, in authn's envelope`, async () => {
      const started = await start();
      const answer = await trigger(started);
      const item = AUTHN_ERRORS[key as AuthnErrorKey];
      const message = renderMessage(item, values[key as AuthnErrorKey]);
      expect(answer.status).toBe(item.code);
      expect(answer.contentType).toBe('application/json; charset=utf-8');
      expect(answer.text).toBe(
        JSON.stringify({ error: { message, code: item.code, status: item.status } }, null, 1),
      );
    });
  }

  it('has a trigger for every entry of the table', () => {
    expect(Object.keys(triggers).sort()).toEqual(Object.keys(AUTHN_ERRORS).sort());
  });

  it('answers other paths with a plain 404, as gorilla/mux does', async () => {
    const { ca, authn } = await start();
    expect(await get(`${authn.url}/v1/nowhere`, ca, alice)).toMatchObject({
      status: 404,
      text: '404 page not found\n',
    });
  });
});

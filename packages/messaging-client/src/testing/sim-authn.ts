import { X509Certificate } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { AUTHN_ERRORS, type AuthnErrorKey, renderMessage } from './sim-errors.js';
import { amsError, errorResponse } from './sim-responses.js';
import type { SimState } from './sim-state.js';

/**
 * The subject of a PEM certificate as argo-api-authn matches it against its bindings: Go's
 * `pkix.RDNSequence.String()`, the most specific name first (`CN=alice,O=Example,C=GR`).
 * Multi-valued names and escaped characters are not rewritten to Go's escaping.
 */
export function x509Dn(certificate: string | Uint8Array): string {
  return new X509Certificate(certificate).subject.split('\n').reverse().join(',');
}

export interface AuthnOptions {
  state: SimState;
  /** The hosts the `ams` service type lists (the `{host}` of the path). */
  hosts: readonly string[];
  now(): number;
}

const ROUTE = /^\/v1\/service-types\/([^/]+)\/hosts\/([^/]+):authx509$/;
const HEADERS = { 'content-type': 'application/json; charset=utf-8' };

function send(res: ServerResponse, status: number, body: unknown): void {
  // argo-api-authn writes json.MarshalIndent(value, "", " ").
  const text = JSON.stringify(body, null, 1);
  res.writeHead(status, { ...HEADERS, 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}

function fail(res: ServerResponse, key: AuthnErrorKey, values?: Record<string, string>): void {
  const item = AUTHN_ERRORS[key];
  const message = renderMessage(item, values);
  send(res, item.code, { error: { message, code: item.code, status: item.status } });
}

/**
 * The x509 → token exchange of argo-api-authn (`handlers/certificate_handlers.go`), checks in its
 * order: a client certificate (400), its validity dates on the simulator's clock (403), the
 * service type `ams` (404), the host (404), a binding of the certificate's DN (404), then the
 * bound user's token, read as authn reads it from AMS (500 when AMS answers an error).
 */
export function authnHandler(
  options: AuthnOptions,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const path = new URL(req.url ?? '/', 'https://authn.invalid').pathname;
    const match = ROUTE.exec(path);
    if (!match) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('404 page not found\n');
      return;
    }
    if (req.method !== 'GET') {
      res.writeHead(405, { 'content-length': '0' });
      res.end();
      return;
    }
    req.resume();
    const socket = req.socket as Partial<TLSSocket>;
    const peer = socket.getPeerX509Certificate?.();
    if (!peer) return fail(res, 'noCertificate');
    const now = options.now();
    if (now > Date.parse(peer.validTo)) return fail(res, 'certificateExpired');
    if (now < Date.parse(peer.validFrom)) return fail(res, 'certificateNotActive');
    const [, serviceType = '', host = ''] = match.map((part) => decodeURIComponent(part));
    if (serviceType !== 'ams') return fail(res, 'serviceTypeNotFound');
    if (!options.hosts.includes(host)) return fail(res, 'hostNotFound');
    const uuid = options.state.bindings.get(peer.subject.split('\n').reverse().join(','));
    if (uuid === undefined) return fail(res, 'bindingNotFound');
    const user = [...options.state.users.values()].find((u) => u.uuid === uuid);
    if (!user) {
      // authn relays the body AMS answered to GET /v1/users:byUUID/{uuid}.
      return fail(res, 'internalError', { detail: errorResponse(amsError('userNotFound')).body });
    }
    send(res, 200, { token: user.token });
  };
}

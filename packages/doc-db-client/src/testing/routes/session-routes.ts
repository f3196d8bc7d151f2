import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CouchHttpError, isObject, readBody, sendJson } from './http-io.js';

/** Who sent a request, and how CouchDB says they were recognised. */
export interface Principal {
  name: string;
  roles: string[];
  /** `default` for Basic credentials, `cookie` for an `AuthSession` cookie. */
  via: 'default' | 'cookie';
}

export interface SessionOptions {
  /** name → password; none means "admin party". */
  admins: Record<string, string>;
  now: () => number;
  /** Cookie lifetime in seconds. */
  timeout: number;
}

const WRONG = 'Name or password is incorrect.';
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');

/** mochiweb's cookie date: `Thu, 01-Jan-1970 00:00:00 GMT`. */
function cookieDate(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]}, ${two(d.getUTCDate())}-${MONTHS[d.getUTCMonth()]}-${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} GMT`;
}

/** Basic credentials and `AuthSession` cookies, and the `/_session` route, as CouchDB has them. */
export class Sessions {
  private readonly tokens = new Map<string, { name: string; expires: number }>();

  constructor(private readonly options: SessionOptions) {}

  get adminParty(): boolean {
    return Object.keys(this.options.admins).length === 0;
  }

  private isAdmin(name: string, password: unknown): boolean {
    return Object.hasOwn(this.options.admins, name) && this.options.admins[name] === password;
  }

  private cookie(value: string, maxAge: number): string {
    const expires = cookieDate(this.options.now() + maxAge * 1000);
    return `AuthSession=${value}; Version=1; Expires=${expires}; Max-Age=${maxAge}; Path=/; HttpOnly`;
  }

  /**
   * The request's principal: Basic credentials (wrong ones are a 401, as CouchDB answers them on
   * every route) or a live session cookie; undefined for an anonymous request.
   */
  authenticate(req: IncomingMessage): Principal | undefined {
    const header = req.headers.authorization;
    if (header?.startsWith('Basic ')) {
      const decoded = Buffer.from(header.slice(6), 'base64').toString();
      const colon = decoded.indexOf(':');
      const name = colon === -1 ? decoded : decoded.slice(0, colon);
      const password = colon === -1 ? '' : decoded.slice(colon + 1);
      if (this.isAdmin(name, password)) return { name, roles: ['_admin'], via: 'default' };
      throw new CouchHttpError(401, 'unauthorized', WRONG);
    }
    const token = /(?:^|;\s*)AuthSession=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    const session = token ? this.tokens.get(token) : undefined;
    if (session && session.expires > this.options.now())
      return { name: session.name, roles: ['_admin'], via: 'cookie' };
    if (session) this.tokens.delete(token as string);
    return undefined;
  }

  /** `GET|POST|DELETE /_session`. */
  async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === 'GET' || req.method === 'HEAD') {
      const user = this.authenticate(req);
      sendJson(res, 200, {
        ok: true,
        userCtx: { name: user?.name ?? null, roles: user || this.adminParty ? ['_admin'] : [] },
        info: {
          authentication_handlers: ['cookie', 'default'],
          ...(user ? { authenticated: user.via } : {}),
        },
      });
      return;
    }
    if (req.method === 'DELETE') {
      sendJson(res, 200, { ok: true }, { 'set-cookie': this.cookie('', 0) });
      return;
    }
    if (req.method !== 'POST')
      throw new CouchHttpError(405, 'method_not_allowed', 'Only GET,HEAD,POST,DELETE allowed');
    const text = await readBody(req);
    const type = String(req.headers['content-type'] ?? '');
    let form: Record<string, unknown>;
    if (type.startsWith('application/x-www-form-urlencoded'))
      form = Object.fromEntries(new URLSearchParams(text));
    else {
      try {
        const parsed: unknown = JSON.parse(text || '{}');
        form = isObject(parsed) ? parsed : {};
      } catch {
        throw new CouchHttpError(400, 'bad_request', 'invalid UTF-8 JSON');
      }
    }
    const name = form.name ?? form.username;
    if (typeof name !== 'string' || !this.isAdmin(name, form.password)) {
      sendJson(
        res,
        401,
        { error: 'unauthorized', reason: WRONG },
        { 'set-cookie': this.cookie('', 0) },
      );
      return;
    }
    const token = Buffer.from(`${name}:${randomUUID()}`).toString('base64url');
    this.tokens.set(token, { name, expires: this.options.now() + this.options.timeout * 1000 });
    sendJson(
      res,
      200,
      { ok: true, name, roles: ['_admin'] },
      { 'set-cookie': this.cookie(token, this.options.timeout) },
    );
  }
}

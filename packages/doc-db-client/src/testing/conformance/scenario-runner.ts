import { request } from 'node:http';
import { canonical, eraseHashNumbers, Normaliser, type RawResponse } from './normalise.js';

/**
 * Runs a conformance scenario (the conformance README's format) against a server and compares
 * each normalised answer with a recorded transcript. Test support: not exported from `/testing`.
 */

export interface ScenarioStep {
  name: string;
  area?: string;
  method: string;
  path: string;
  query?: Record<string, unknown>;
  headers?: Record<string, string>;
  json?: unknown;
  text?: string;
  base64?: string;
  auth?: 'admin' | 'none' | 'cookie';
  capture?: Record<string, string>;
  timeout_ms?: number;
}

export interface StepResult {
  step: number;
  name: string;
  area: string | undefined;
  /** Canonical JSON of the normalised response. */
  actual: string;
  expected: string;
  match: boolean;
  /** Equal once rev-hash numbers are erased (a difference that is only renumbering). */
  matchErased: boolean;
  unresolved: string[];
}

export interface RunOptions {
  url: string;
  prefix: string;
  username: string;
  password: string;
}

const PLACEHOLDER = /\{\{([^{}]+)\}\}/g;

class Variables {
  readonly values = new Map<string, unknown>();
  unresolved: string[] = [];

  constructor(private readonly prefix: string) {}

  private lookup(name: string): unknown {
    if (name === 'prefix') return this.prefix;
    if (this.values.has(name)) return this.values.get(name);
    this.unresolved.push(name);
    return '';
  }

  text(value: string): string {
    return value.replace(PLACEHOLDER, (_, name: string) => {
      const found = this.lookup(name);
      return typeof found === 'string' ? found : JSON.stringify(found);
    });
  }

  /** Placeholders in every string and key; a string that is only `{{name}}` keeps the captured type. */
  json(value: unknown): unknown {
    if (typeof value === 'string') {
      const whole = /^\{\{([^{}]+)\}\}$/.exec(value);
      if (whole && whole[1] !== 'prefix') return this.lookup(whole[1] as string);
      return this.text(value);
    }
    if (Array.isArray(value)) return value.map((item) => this.json(item));
    if (value === null || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) out[this.text(key)] = this.json(member);
    return out;
  }
}

function queryString(query: Record<string, unknown> | undefined, vars: Variables): string {
  if (!query) return '';
  const pairs = Object.entries(query).map(([key, value]) => {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    return `${encodeURIComponent(vars.text(key))}=${encodeURIComponent(vars.text(text))}`;
  });
  return pairs.length === 0 ? '' : `?${pairs.join('&')}`;
}

function send(
  url: URL,
  method: string,
  path: string,
  headers: Record<string, string>,
  body: Buffer | undefined,
  timeoutMs: number,
): Promise<RawResponse> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (response: RawResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(response);
    };
    const req = request({
      host: url.hostname,
      port: url.port,
      method,
      path,
      headers: body ? { ...headers, 'content-length': String(body.length) } : headers,
      agent: false,
    });
    const timer = setTimeout(() => {
      finish({
        status: 0,
        headers: {},
        body: Buffer.alloc(0),
        error: `no complete answer within ${timeoutMs} ms`,
      });
      req.destroy();
    }, timeoutMs);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        finish({
          status: res.statusCode ?? 0,
          headers: res.headers as RawResponse['headers'],
          body: Buffer.concat(chunks),
        }),
      );
      res.on('error', () => {});
    });
    req.on('error', (error) =>
      finish({ status: 0, headers: {}, body: Buffer.alloc(0), error: String(error) }),
    );
    req.end(body);
  });
}

function capture(expression: string, raw: RawResponse): unknown {
  if (expression === 'status') return raw.status;
  const [kind, ...path] = expression.split('.');
  if (kind === 'header') {
    const value = raw.headers[path.join('.').toLowerCase()];
    return Array.isArray(value) ? value.join(', ') : value;
  }
  if (kind === 'cookie') {
    const name = path.join('.');
    const cookies = raw.headers['set-cookie'];
    for (const cookie of Array.isArray(cookies) ? cookies : cookies ? [cookies] : []) {
      const pair = cookie.split(';')[0] ?? '';
      if (pair.startsWith(`${name}=`)) return pair.slice(name.length + 1);
    }
    return undefined;
  }
  if (kind !== 'body') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw.body.toString('utf8'));
  } catch {
    return undefined;
  }
  for (const segment of path) {
    if (Array.isArray(value) && /^-?\d+$/.test(segment)) {
      const i = Number(segment);
      value = value[i < 0 ? value.length + i : i];
    } else if (value !== null && typeof value === 'object')
      value = (value as Record<string, unknown>)[segment];
    else return undefined;
  }
  return value;
}

/** Sends every step in order and compares each normalised answer with the recorded line. */
export async function runScenario(
  steps: ScenarioStep[],
  transcript: { name: string; response: unknown }[],
  options: RunOptions,
): Promise<StepResult[]> {
  const url = new URL(options.url);
  const vars = new Variables(options.prefix);
  const normaliser = new Normaliser(options.prefix);
  const basic = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`;
  const results: StepResult[] = [];
  for (const [i, step] of steps.entries()) {
    vars.unresolved = [];
    const headers: Record<string, string> = { accept: 'application/json' };
    for (const [name, value] of Object.entries(step.headers ?? {}))
      headers[name.toLowerCase()] = vars.text(value);
    let body: Buffer | undefined;
    if (step.json !== undefined) {
      body = Buffer.from(JSON.stringify(vars.json(step.json)));
      headers['content-type'] ??= 'application/json';
    } else if (step.text !== undefined) body = Buffer.from(vars.text(step.text), 'utf8');
    else if (step.base64 !== undefined) body = Buffer.from(step.base64, 'base64');
    const auth = step.auth ?? 'admin';
    if (auth === 'admin') headers.authorization = basic;
    if (auth === 'cookie') headers.cookie = `AuthSession=${vars.text('{{session}}')}`;
    const path = vars.text(step.path) + queryString(step.query, vars);
    const raw = await send(url, step.method, path, headers, body, step.timeout_ms ?? 15_000);
    for (const [variable, expression] of Object.entries(step.capture ?? {})) {
      const value = capture(expression, raw);
      if (value !== undefined) vars.values.set(variable, value);
    }
    const actual = canonical(normaliser.response(raw, step.method));
    const recorded = transcript[i];
    const expected =
      recorded && recorded.name === step.name ? canonical(recorded.response) : '(no such line)';
    results.push({
      step: i + 1,
      name: step.name,
      area: step.area,
      actual,
      expected,
      match: actual === expected,
      matchErased: eraseHashNumbers(actual) === eraseHashNumbers(expected),
      unresolved: [...new Set(vars.unresolved)],
    });
  }
  return results;
}

/** A plain-text report: every differing step, then the counts. */
export function formatReport(results: StepResult[]): string {
  const lines: string[] = [];
  for (const r of results) {
    if (r.match) continue;
    lines.push(
      `#${r.step} ${r.name}${r.matchErased ? ' (rev-hash numbering only)' : ''}`,
      `  expected ${r.expected}`,
      `  actual   ${r.actual}`,
    );
    if (r.unresolved.length > 0) lines.push(`  unresolved ${r.unresolved.join(', ')}`);
  }
  const exact = results.filter((r) => r.match).length;
  const erased = results.filter((r) => r.matchErased).length;
  lines.push(
    `${exact}/${results.length} exchanges match`,
    `${erased}/${results.length} exchanges match with rev-hash numbers erased`,
  );
  return lines.join('\n');
}

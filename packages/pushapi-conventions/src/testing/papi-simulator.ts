import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  createSimulatorClock,
  createSimulatorServer,
  type FaultInjector,
  type FaultInjectorOptions,
  type SimulatorClock,
  type SimulatorListening,
  type SimulatorListenOptions,
  type SimulatorServer,
} from '@connectorkit/http-core/testing';
import { toErrorXml } from '../error-xml.js';
import { checkInput, invalid } from '../internal/check-input.js';
import {
  COMMANDS,
  COMMANDS_BY_NAME,
  checkpointLine,
  entryLine,
  formToDocuments,
  OURS,
  statusLine,
} from '../internal/wire.js';
import { PushState } from '../push-state.js';
import { ENUMERATION_MODES, type EnumerationMode, type SyncedEntry } from '../types.js';
import { SimulatorOptionsSchema } from './simulator-options.js';

/** Options of {@link createPapiSimulator}, checked as the client's are. */
export interface PapiSimulatorOptions {
  /** The one connector served; others get 400 `InvalidConnectorNameError`. @default 'connector' */
  connectorName?: string;
  /** Connector types the simulated license allows. @default any */
  connectorTypes?: readonly string[];
  /** Basic authentication, required of every call when set (401 otherwise): both or neither. */
  login?: string;
  /** The password that goes with `login`. */
  password?: string;
  /** Share the state machine with a FakePushAPI. */
  state?: PushState;
  /**
   * Faults in front of every command (unreachable, 503 overload, bodies cut short): an injector,
   * or the options of a new one. @default a new injector, rate 0
   */
  faults?: FaultInjector | FaultInjectorOptions;
  /**
   * The clock, in ms, indexing delays are measured on (`createSimulatorClock(start)` to move it
   * with `advance`); a `state` given keeps its own. @default Date.now
   */
  clock?: SimulatorClock | (() => number);
  /** @deprecated Use `clock` (a `() => number` there does the same); `clock` wins when both are given. */
  now?: () => number;
  /** How long an indexing job takes, on the clock. @default 0 */
  indexingDelayMs?: number;
}

/** A PAPI simulator served on loopback: the shared shape, and the host `HttpPushAPI` takes. */
export interface PapiSimulatorListening extends SimulatorListening {
  /** Always `127.0.0.1`: give it to `HttpPushAPI` with `port`. */
  host: string;
}

/**
 * A PAPI server made by {@link createPapiSimulator}, on http-core's simulator base: a `node:http`
 * handler, a loopback server, a `fetch` in process, its faults and clock, and its state machine.
 * @example
 * const sim = createPapiSimulator({ connectorName: 'files' });
 * const server = await sim.listen();
 * const papi = new HttpPushAPI({
 *   version: 'PAPI_V4', host: server.host, port: server.port,
 *   connectorName: 'files', connectorType: 'fs',
 * });
 */
export interface PapiSimulator extends SimulatorServer {
  /** The state machine behind it (shared with a FakePushAPI when given in the options). */
  state: PushState;
  /** The clock of the state made here (not of a `state` given); `advance` moves it. */
  clock: SimulatorClock;
  /** Makes every 2xx answer a 200 with garbage instead of its real body (malformed responses). */
  setMalformedResponses(on: boolean): void;
  /** Open server-side enumeration cursors. */
  openCursors(): number;
  /**
   * Serves the simulator on 127.0.0.1 (HTTPS with `tls`; `true` for a self-signed certificate)
   * and resolves with its URL, host and port (what `HttpPushAPI` takes); `close()` stops it.
   * `port` 0 (the default) picks a free one.
   */
  listen(options?: SimulatorListenOptions): Promise<PapiSimulatorListening>;
}

class PapiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly shortMessage: string,
  ) {
    super(shortMessage);
  }
}

/**
 * The HTTP level of the Push API on loopback, backed by the same state machine as `FakePushAPI`:
 * method strictness (405), Basic authentication (401), connector-name and type checks, session ids,
 * server-side enumeration cursors, and fault injection (unreachable, 503 overload, malformed bodies).
 */
export function createPapiSimulator(options: PapiSimulatorOptions = {}): PapiSimulator {
  checkInput(SimulatorOptionsSchema, options, 'createPapiSimulator options');
  if ((options.login === undefined) !== (options.password === undefined))
    throw invalid('createPapiSimulator options', [
      { path: 'login', message: 'login and password must both be set or neither' },
    ]);
  const connectorName = options.connectorName ?? 'connector';
  const clock = createSimulatorClock(options.clock ?? options.now ?? Date.now);
  const state = options.state ?? new PushState(clock.now, options.indexingDelayMs);
  const cursors = new Map<string, SyncedEntry[]>();
  let malformed = false;
  const expectedAuth =
    options.login !== undefined
      ? `Basic ${Buffer.from(`${options.login}:${options.password ?? ''}`).toString('base64')}`
      : undefined;

  const text = (res: ServerResponse, status: number, body: string) => {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(malformed ? '\u0000<<garbage>>' : body);
  };
  const empty = (res: ServerResponse) => {
    if (malformed) return text(res, 200, '');
    res.writeHead(204);
    res.end();
  };

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://papi');
    const match = /^\/papi\/4\/connectors\/([^/]+)\/([a-z_]+)$/.exec(url.pathname);
    if (!match) throw new PapiError(404, 'InvalidParameterError', `Unknown path ${url.pathname}`);
    if (expectedAuth && req.headers.authorization !== expectedAuth) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="PushAPI"' });
      res.end();
      return;
    }
    const name = decodeURIComponent(match[1] ?? '');
    if (name !== connectorName)
      throw new PapiError(400, 'InvalidConnectorNameError', `Unknown connector ${name}`);
    const command = COMMANDS_BY_NAME.get(match[2] ?? '');
    if (command === undefined)
      throw new PapiError(400, 'InvalidParameterError', `Unknown command ${match[2]}`);
    if (req.method !== command.method) {
      res.writeHead(405, { allow: command.method });
      res.end();
      return;
    }
    const q = url.searchParams;
    const type = q.get(OURS.params.connectorType);
    if (type !== null && options.connectorTypes && !options.connectorTypes.includes(type)) {
      throw new PapiError(
        400,
        'InvalidConnectorNameError',
        `Connector type ${type} is not allowed by the license`,
      );
    }
    const session = q.get('PAPI_session');
    if (session !== null && session !== state.sessionId.toString()) {
      throw new PapiError(
        400,
        'SessionMismatchError',
        'The push session changed: the server restarted',
      );
    }
    const required = (param: string) => {
      const value = q.get(param);
      if (value === null)
        throw new PapiError(400, 'InvalidParameterError', `Missing parameter ${param}`);
      return value;
    };
    const flag = (param: string, absent?: boolean) => {
      const value = q.get(param);
      if (value === null && absent !== undefined) return absent;
      if (value === 'true' || value === 'false') return value === 'true';
      throw new PapiError(400, 'InvalidParameterError', `${param} must be true or false`);
    };
    const checkpoints = (syncedOnly: boolean) =>
      text(
        res,
        200,
        state
          .checkpoints(syncedOnly)
          .map((c) => `${checkpointLine(c)}\n`)
          .join(''),
      );
    const mode = () => {
      const value = required('PAPI_mode');
      if (!ENUMERATION_MODES.includes(value as EnumerationMode))
        throw new PapiError(400, 'InvalidParameterError', `Bad PAPI_mode ${value}`);
      return value as EnumerationMode;
    };
    switch (command) {
      case COMMANDS.ping:
        return empty(res);
      case COMMANDS.sessionId:
        return text(res, 200, state.sessionId.toString());
      case COMMANDS.add:
      case COMMANDS.update: {
        const { documents, fieldsList } = await formToDocuments(await readForm(req));
        if (documents.some((d) => d.uri === ''))
          throw new PapiError(400, 'InvalidParameterError', 'A document has no PAPI_<k>:uri');
        for (const [i, d] of documents.entries()) {
          if (command === COMMANDS.add) state.add(d);
          else state.update(d, fieldsList[i] ?? []);
        }
        return empty(res);
      }
      case COMMANDS.delete: {
        const form = new URLSearchParams(await readText(req));
        for (const uri of form.getAll('PAPI_uri')) state.delete(uri);
        return empty(res);
      }
      case COMMANDS.deleteRoot:
        state.deleteRoot(required('PAPI_rootPath'), flag('PAPI_recursive', true));
        return empty(res);
      case COMMANDS.status:
        return text(
          res,
          200,
          q
            .getAll('PAPI_uri')
            .map((uri) => `${statusLine(state.status(uri))}\n`)
            .join(''),
        );
      case COMMANDS.setCheckpoint:
        return text(
          res,
          200,
          state
            .setCheckpoint(
              required('PAPI_checkpoint'),
              q.get('PAPI_name') ?? '',
              flag(OURS.params.sync, false),
            )
            .toString(),
        );
      case COMMANDS.getCheckpoint:
      case COMMANDS.getCheckpointInfo: {
        const value = state.getCheckpoint(
          q.get('PAPI_name') ?? '',
          command === COMMANDS.getCheckpoint
            ? OURS.syncedOnlyByDefault
            : flag('PAPI_showSynchronizedOnly'),
        );
        return value === undefined ? empty(res) : text(res, 200, value);
      }
      case COMMANDS.clearCheckpoints:
        state.clearAllCheckpoints();
        return empty(res);
      case COMMANDS.enumerateCheckpoints:
        return checkpoints(OURS.syncedOnlyByDefault);
      case COMMANDS.enumerateStatedCheckpoints:
        return checkpoints(flag('PAPI_showSynchronizedOnly'));
      case COMMANDS.enumerateEntries: {
        const cursorId = q.get(OURS.params.cursor);
        let entries = cursorId
          ? cursors.get(cursorId)
          : state.syncedEntries(required('PAPI_rootPath'), mode());
        if (!entries)
          throw new PapiError(400, 'InvalidParameterError', 'Unknown or released PAPI_cursor');
        const count = Number(q.get(OURS.params.count) ?? 1000);
        const page = entries.slice(0, count);
        entries = entries.slice(count);
        if (cursorId) cursors.delete(cursorId);
        let tail = '';
        if (entries.length > 0) {
          const next = randomUUID();
          cursors.set(next, entries);
          tail = `#cursor ${next}\n`;
        }
        return text(res, 200, page.map((e) => `${entryLine(e)}\n`).join('') + tail);
      }
      case COMMANDS.releaseEnumeration:
        cursors.delete(q.get(OURS.params.cursor) ?? '');
        return empty(res);
      case COMMANDS.countEntries:
        return text(
          res,
          200,
          String(state.syncedEntries(required('PAPI_rootPath'), mode()).length),
        );
      case COMMANDS.sync:
        state.sync();
        return empty(res);
      case COMMANDS.triggerIndexing:
        state.runIndexingJob();
        return empty(res);
      case COMMANDS.searchable: {
        const serial = required(OURS.params.serial);
        if (!/^\d+$/.test(serial))
          throw new PapiError(
            400,
            'InvalidParameterError',
            `${OURS.params.serial} must be a decimal integer`,
          );
        return text(res, 200, String(state.areDocumentsSearchable(BigInt(serial))));
      }
    }
  }

  // CORS outermost (the base's order): a page of any origin may call it, and sees the faults'
  // answers too.
  const server = createSimulatorServer({
    handler: async (req, res) => {
      try {
        await route(req, res);
      } catch (error) {
        const e =
          error instanceof PapiError ? error : new PapiError(500, 'UnknownError', String(error));
        res.writeHead(e.status, { 'content-type': 'application/xml; charset=utf-8' });
        res.end(toErrorXml({ type: e.type, shortMessage: e.shortMessage, message: e.message }));
      }
    },
    ...(options.faults === undefined ? {} : { faults: options.faults }),
  });

  return {
    handler: server.handler,
    faults: server.faults,
    fetch: server.fetch,
    state,
    clock,
    setMalformedResponses: (on) => {
      malformed = on;
    },
    openCursors: () => cursors.size,
    listen: async (o) => ({ ...(await server.listen(o)), host: '127.0.0.1' }),
  };
}

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function readForm(req: IncomingMessage): Promise<FormData> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const request = new Request('http://papi/', {
    method: 'POST',
    headers: { 'content-type': String(req.headers['content-type'] ?? '') },
    body: Buffer.concat(chunks),
  });
  try {
    return await request.formData();
  } catch {
    throw new PapiError(400, 'InvalidParameterError', 'The body is not multipart/form-data');
  }
}

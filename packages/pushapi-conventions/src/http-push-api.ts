import {
  basicAuth,
  createHttpClient,
  type HttpClient,
  type HttpLogger,
  isHttpError,
  isNetworkError,
  isSdkError,
  isTimeoutError,
  type RetryOptions,
} from '@connectorkit/http-core';
import {
  exceptionFor,
  InvalidConnectorException,
  InvalidParameterError,
  PushAPISessionExistsException,
  PushAPISessionNotFoundException,
  parseErrorXml,
  ServerUnavailableException,
  UnknownErrorException,
} from './errors.js';
import { pagedIterator } from './internal/paged-iterator.js';
import {
  checkDocuments,
  checkFields,
  checkMode,
  checkSerial,
  checkText,
  checkUri,
} from './internal/validate.js';
import {
  COMMANDS,
  commandPath,
  documentsToForm,
  parseCheckpointLine,
  parseEntryLine,
  parseListBody,
  parseStatusLine,
  READ_COMMANDS,
} from './internal/wire.js';
import {
  type CheckpointInfo,
  type Document,
  type DocumentStatus,
  type EnumerationMode,
  type PushAPI,
  type PushAPIIterator,
  PushAPIVersion,
  type SyncedEntry,
} from './types.js';

export interface HttpPushAPIOptions {
  version: PushAPIVersion;
  host: string;
  /** @default basePort + 2 */
  port?: number | string;
  /** The installation's base port, when `port` is not given. @default 10000 */
  basePort?: number;
  connectorName: string;
  connectorType: string;
  /** Basic authentication when both are set; both or neither. */
  login?: string | null;
  password?: string | null;
  /** @default 'http' */
  scheme?: 'http' | 'https';
  /** Per-attempt response timeout, in ms. @default 60 000 */
  timeoutMs?: number;
  /** Retries of reads (GET) on network errors and overload; writes are never retried. @default 2 */
  retry?: RetryOptions | number | false;
  fetch?: typeof globalThis.fetch;
  logger?: HttpLogger;
}

function resolve(args: unknown[]): HttpPushAPIOptions {
  if (args.length === 1 && typeof args[0] === 'object' && args[0] !== null)
    return args[0] as HttpPushAPIOptions;
  const [version, host, port, connectorName, connectorType, login, password] = args as [
    PushAPIVersion,
    string,
    string | number,
    string,
    string,
    string | null,
    string | null,
  ];
  return {
    version,
    host,
    port,
    connectorName,
    connectorType,
    login: login ?? null,
    password: password ?? null,
  };
}

function checkOptions(o: HttpPushAPIOptions): {
  baseUrl: string;
  login: string | null;
  password: string | null;
} {
  const fail = (message: string) =>
    new InvalidParameterError({ message, type: 'InvalidParameterError' });
  if (o.version !== PushAPIVersion.PAPI_V4)
    throw fail(`Invalid version: must be PushAPIVersion.PAPI_V4, got ${String(o.version)}`);
  if (typeof o.host !== 'string' || o.host === '') throw fail('Invalid host: must not be empty');
  checkText(o.connectorName, 'connectorName');
  if (o.connectorName === '') throw fail('Invalid connectorName: must not be empty');
  if (o.connectorName === '.' || o.connectorName === '..')
    throw fail(
      'Invalid connectorName: must not be "." or ".." (URL resolution would drop it and address another resource)',
    );
  checkText(o.connectorType, 'connectorType');
  const login = o.login ?? null;
  const password = o.password ?? null;
  if ((login === null) !== (password === null)) {
    throw fail('Invalid credentials: login and password must both be set or both be null');
  }
  const port = o.port === undefined || o.port === '' ? (o.basePort ?? 10000) + 2 : Number(o.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw fail(`Invalid port: must be a whole number from 1 to 65535, got ${String(o.port)}`);
  return { baseUrl: `${o.scheme ?? 'http'}://${o.host}:${port}`, login, password };
}

/** The Push API over HTTP (`/papi/4/connectors/<name>/<command>`), with errors mapped to the recommendation's exceptions. */
export class HttpPushAPI implements PushAPI {
  private readonly http: HttpClient;
  private readonly connectorName: string;
  private readonly connectorType: string;
  private session: bigint | undefined;

  constructor(options: HttpPushAPIOptions);
  constructor(
    version: PushAPIVersion,
    host: string,
    port: string | number | undefined,
    connectorName: string,
    connectorType: string,
    login?: string | null,
    password?: string | null,
  );
  constructor(...args: unknown[]) {
    const options = resolve(args);
    const { baseUrl, login, password } = checkOptions(options);
    this.connectorName = options.connectorName;
    this.connectorType = options.connectorType;
    this.http = createHttpClient({
      baseUrl,
      timeout: options.timeoutMs ?? 60_000,
      retry: options.retry ?? 2,
      headers: { accept: 'text/plain, application/xml' },
      ...(login !== null && password !== null
        ? { auth: basicAuth({ username: login, password }) }
        : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    });
  }

  private async call(
    command: string,
    params: Record<string, string | undefined> = {},
    body?: FormData | URLSearchParams,
  ): Promise<string> {
    const searchParams = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined) searchParams.set(k, v);
    if (this.session !== undefined) searchParams.set('PAPI_session', this.session.toString());
    const read = READ_COMMANDS.has(command);
    try {
      const response = await this.http.request(commandPath(this.connectorName, command), {
        method: read ? 'GET' : 'POST',
        searchParams,
        ...(read ? { headers: { 'cache-control': 'no-cache' } } : {}),
        ...(body ? { body } : {}),
      });
      return response.status === 204 ? '' : await response.text();
    } catch (error) {
      throw this.translate(error);
    }
  }

  private translate(error: unknown): Error {
    if (isNetworkError(error) || isTimeoutError(error)) {
      return new ServerUnavailableException({
        message: `The Push API server cannot be reached: ${(error as Error).message}`,
        cause: error,
      });
    }
    if (!isHttpError(error))
      return isSdkError(error)
        ? error
        : new UnknownErrorException({ message: String(error), cause: error });
    if (error.status >= 502 && error.status <= 504) {
      return new ServerUnavailableException({
        message: `The Push API server is unavailable (${error.status})`,
        httpStatus: error.status,
        cause: error,
      });
    }
    if (error.status === 401) {
      return new InvalidConnectorException({
        message: `The server refused the credentials for connector "${this.connectorName}" (401)`,
        type: 'Unauthorized',
        httpStatus: 401,
        cause: error,
      });
    }
    const description = parseErrorXml(error.body);
    if (description) return exceptionFor(description, error.status);
    return new UnknownErrorException({
      message: `The Push API server answered ${error.status}`,
      httpStatus: error.status,
      cause: error,
    });
  }

  async ping(): Promise<void> {
    await this.call(COMMANDS.ping, { PAPI_connectorType: this.connectorType });
  }

  async startPushSession(): Promise<void> {
    if (this.session !== undefined)
      throw new PushAPISessionExistsException({ message: 'A push session is open already' });
    const text = await this.call(COMMANDS.sessionId, { PAPI_connectorType: this.connectorType });
    try {
      this.session = BigInt(text.trim());
    } catch {
      throw new UnknownErrorException({
        message: 'The server sent a session id that is not an integer',
      });
    }
  }

  async stopPushSession(): Promise<void> {
    if (this.session === undefined)
      throw new PushAPISessionNotFoundException({ message: 'No push session is open' });
    this.session = undefined;
  }

  addDocument(document: Document): Promise<void> {
    return this.addDocumentList([document]);
  }

  async addDocumentList(documents: readonly Document[]): Promise<void> {
    const docs = checkDocuments(documents);
    if (docs.length > 0) await this.call(COMMANDS.add, {}, documentsToForm(docs));
  }

  updateDocument(document: Document, fields: readonly string[]): Promise<void> {
    return this.updateDocumentList([document], [fields]);
  }

  async updateDocumentList(
    documents: readonly Document[],
    fieldsList: readonly (readonly string[])[],
  ): Promise<void> {
    const docs = checkDocuments(documents);
    const fields = checkFields(docs, fieldsList);
    if (docs.length > 0) await this.call(COMMANDS.update, {}, documentsToForm(docs, fields));
  }

  deleteDocument(uri: string): Promise<void> {
    return this.deleteDocumentList([uri]);
  }

  async deleteDocumentList(uris: readonly string[]): Promise<void> {
    const form = new URLSearchParams();
    for (const uri of uris) form.append('PAPI_uri', checkUri(uri, 'uris'));
    if (uris.length > 0) await this.call(COMMANDS.delete, {}, form);
  }

  async deleteDocumentsRootPath(rootPath: string, recursive = true): Promise<void> {
    await this.call(COMMANDS.deleteRoot, {
      PAPI_rootPath: checkText(rootPath, 'rootPath'),
      PAPI_recursive: String(recursive),
    });
  }

  async getDocumentStatus(uri: string): Promise<DocumentStatus> {
    const [status] = await this.getDocumentStatusList([uri]);
    return status ?? { uri, exist: false };
  }

  async getDocumentStatusList(uris: readonly string[]): Promise<DocumentStatus[]> {
    const checked = uris.map((u) => checkUri(u, 'uris'));
    const params = new URLSearchParams();
    for (const uri of checked) params.append('PAPI_uri', uri);
    const text = await this.callWithRepeated(COMMANDS.status, params);
    return parseListBody(text).lines.map(parseStatusLine);
  }

  private async callWithRepeated(command: string, params: URLSearchParams): Promise<string> {
    if (this.session !== undefined) params.set('PAPI_session', this.session.toString());
    try {
      const response = await this.http.request(commandPath(this.connectorName, command), {
        method: 'GET',
        searchParams: params,
        headers: { 'cache-control': 'no-cache' },
      });
      return await response.text();
    } catch (error) {
      throw this.translate(error);
    }
  }

  async setCheckpoint(checkpoint: string, name = '', sync = false): Promise<bigint> {
    const text = await this.call(COMMANDS.setCheckpoint, {
      PAPI_checkpoint: checkText(checkpoint, 'checkpoint'),
      PAPI_name: checkText(name, 'name'),
      PAPI_sync: String(sync),
    });
    return BigInt(text.trim() || '0');
  }

  async getCheckpoint(name = '', showSynchronizedOnly = true): Promise<string | undefined> {
    const command = showSynchronizedOnly ? COMMANDS.getCheckpoint : COMMANDS.getCheckpointInfo;
    const params: Record<string, string> = { PAPI_name: checkText(name, 'name') };
    if (!showSynchronizedOnly) params.PAPI_showSynchronizedOnly = 'false';
    const text = await this.call(command, params);
    return text === '' ? undefined : text;
  }

  async clearAllCheckpoints(): Promise<void> {
    await this.call(COMMANDS.clearCheckpoints);
  }

  enumerateCheckpointsInfo(showSynchronizedOnly = true): PushAPIIterator<CheckpointInfo> {
    let done = false;
    return pagedIterator(
      async () => {
        if (done) return { entries: [], done: true };
        done = true;
        const text = await this.call(COMMANDS.enumerateCheckpoints, {
          PAPI_showSynchronizedOnly: String(showSynchronizedOnly),
        });
        return { entries: parseListBody(text).lines.map(parseCheckpointLine), done: true };
      },
      async () => {},
    );
  }

  enumerateSyncedEntries(rootPath: string, mode: EnumerationMode): PushAPIIterator<SyncedEntry> {
    const root = checkText(rootPath, 'rootPath');
    const checked = checkMode(mode);
    let cursor: string | undefined;
    return pagedIterator(
      async (count) => {
        const text = await this.call(COMMANDS.enumerateEntries, {
          PAPI_rootPath: root,
          PAPI_mode: checked,
          PAPI_count: String(count),
          ...(cursor ? { PAPI_cursor: cursor } : {}),
        });
        const page = parseListBody(text);
        cursor = page.cursor;
        return { entries: page.lines.map(parseEntryLine), done: cursor === undefined };
      },
      async () => {
        // An enumeration closed before its end holds a server cursor: release it.
        if (cursor !== undefined)
          await this.call(COMMANDS.releaseEnumeration, { PAPI_cursor: cursor }).catch(() => {});
      },
    );
  }

  async countSyncedEntries(rootPath: string, mode: EnumerationMode): Promise<bigint> {
    const text = await this.call(COMMANDS.countEntries, {
      PAPI_rootPath: checkText(rootPath, 'rootPath'),
      PAPI_mode: checkMode(mode),
    });
    return BigInt(text.trim());
  }

  async sync(): Promise<void> {
    await this.call(COMMANDS.sync);
  }

  async triggerIndexingJob(): Promise<void> {
    await this.call(COMMANDS.triggerIndexing);
  }

  async areDocumentsSearchable(serial: bigint): Promise<boolean> {
    const text = await this.call(COMMANDS.searchable, {
      PAPI_serial: checkSerial(serial).toString(),
    });
    return text.trim() === 'true';
  }

  async close(): Promise<void> {
    this.session = undefined;
  }
}

import {
  basicAuth,
  type HttpClient,
  isInputValidationError,
  redactSecrets,
  type ServiceClientOptions,
} from '@connectorkit/http-core';
import {
  InvalidResponseError,
  PushAPISessionExistsException,
  PushAPISessionNotFoundException,
} from './errors.js';
import type { HttpPushAPIEnvironmentOptions, HttpPushAPIOptions } from './http-push-api-options.js';
import {
  type Answer,
  AnswerProblems,
  emptyAnswer,
  groupByEncodedLength,
  optionalTextAnswer,
  readBoolean,
  readCheckpoints,
  readEntryPage,
  readStatuses,
  readULong,
  textAnswer,
} from './internal/answers.js';
import { checkArguments } from './internal/arguments.js';
import { base64Utf8 } from './internal/bytes.js';
import { invalid } from './internal/check-input.js';
import { optionsFromEnvironment } from './internal/environment.js';
import { resolveHttpOptions } from './internal/http-options.js';
import { pagedIterator } from './internal/paged-iterator.js';
import { translateError } from './internal/translate-error.js';
import { wholeBodyFetch } from './internal/whole-body-fetch.js';
import { COMMANDS, type Command, commandPath, documentsToForm, OURS } from './internal/wire.js';
import { papiService } from './service.js';
import type {
  CheckpointInfo,
  Document,
  DocumentStatus,
  EnumerationMode,
  PushAPI,
  PushAPICallOptions,
  PushAPIIterator,
  PushAPIVersion,
  SyncedEntry,
} from './types.js';

/** How much of a refused answer an InvalidResponseError keeps, as `data`. */
const DATA_LIMIT = 8 * 1024;

/**
 * The Push API over HTTP (`/papi/4/connectors/<name>/<command>`), with errors mapped to the
 * recommendation's exceptions. Arguments are checked before any request, and every answer before
 * a value is handed back.
 *
 * Errors: `InvalidParameterError` for a refused argument (no request sent);
 * `ServerUnavailableException` when the server cannot be reached, times out, cuts a body short
 * or answers 502-504 (reads are retried first); `InvalidConnectorException` for a 401 or an unknown
 * connector; `PushAPISessionMismatchException` after a server restart within a push session;
 * `InvalidResponseError` for a 2xx answer of the wrong form; `UnknownErrorException` otherwise.
 * A call whose `signal` aborts (its request, retries or waits) rejects with the signal's reason.
 */
export class HttpPushAPI implements PushAPI {
  readonly #http: HttpClient;
  readonly #connectorName: string;
  readonly #connectorType: string;
  readonly #baseUrl: string;
  readonly #secrets: readonly string[];
  #session: bigint | undefined;

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
    const { options, baseUrl, login, password } = resolveHttpOptions(args);
    this.#connectorName = options.connectorName;
    this.#connectorType = options.connectorType;
    this.#baseUrl = baseUrl;
    const auth = login !== null && password !== null ? { login, password } : undefined;
    this.#secrets = auth
      ? [auth.password, base64Utf8(`${auth.login}:${auth.password}`), auth.login]
      : [];
    const { fetch: base, transport, http, timeoutMs, timeout, retry } = options;
    const client: ServiceClientOptions = {
      baseUrl,
      headers: { accept: 'text/plain, application/xml', ...options.headers },
      // Answers are read whole inside the attempt (see wholeBodyFetch), over the caller's fetch;
      // a caller's transport or shared client sends as it does.
      ...(transport
        ? { transport }
        : http && !base
          ? {}
          : { fetch: wholeBodyFetch(() => base ?? globalThis.fetch) }),
      ...(timeout !== undefined
        ? { timeout }
        : timeoutMs !== undefined
          ? { timeout: timeoutMs }
          : {}),
      ...(retry !== undefined ? { retry } : {}),
      ...(auth ? { auth: basicAuth({ username: auth.login, password: auth.password }) } : {}),
      ...(options.auth ? { auth: options.auth } : {}),
      ...(options.plugins ? { plugins: options.plugins } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.tls ? { tls: options.tls } : {}),
      ...(http ? { http } : {}),
    };
    try {
      this.#http = papiService.createHttp(client);
    } catch (error) {
      // http-core checks its options too; what it refuses is reported under this package's name.
      if (isInputValidationError(error)) throw invalid('HttpPushAPI options', error.issues);
      throw error;
    }
  }

  /**
   * A client configured by the environment: `PAPI_URL` (`http(s)://host:port`),
   * `PAPI_CONNECTOR_NAME`, `PAPI_CONNECTOR_TYPE`, and `PAPI_LOGIN` with `PAPI_PASSWORD` for Basic
   * authentication. `overrides` win over the variables; `overrides.env` replaces `process.env`.
   * Sends nothing.
   * @throws {InvalidParameterError} naming each missing or invalid variable (an
   * `InputValidationError` too).
   * @example
   * const papi = HttpPushAPI.fromEnvironment({ retry: false });
   */
  static fromEnvironment(overrides: HttpPushAPIEnvironmentOptions = {}): HttpPushAPI {
    return optionsFromEnvironment(overrides, (options) => new HttpPushAPI(options));
  }

  async #send(
    command: Command,
    params: URLSearchParams,
    signal: AbortSignal | undefined,
    body?: FormData | URLSearchParams,
  ): Promise<Answer> {
    if (this.#session !== undefined) params.set('PAPI_session', this.#session.toString());
    const read = command.method === 'GET';
    try {
      const response = await this.#http.request(commandPath(this.#connectorName, command), {
        method: command.method,
        searchParams: params,
        ...(read ? { headers: { 'cache-control': 'no-cache' } } : {}),
        ...(body ? { body } : {}),
        ...(signal ? { signal } : {}),
      });
      return {
        status: response.status,
        contentType: response.headers.get('content-type'),
        bytes: await response.bytes(),
      };
    } catch (error) {
      // An abort is the caller's own doing: its reason, not a Push API exception.
      if (signal?.aborted) throw signal.reason;
      throw translateError(error);
    }
  }

  /** Sends `command` and reads its answer with `read`; an answer it refuses is InvalidResponseError. */
  async #call<T>(
    command: Command,
    params: Record<string, string> | URLSearchParams,
    read: (answer: Answer) => T,
    signal: AbortSignal | undefined,
    body?: FormData | URLSearchParams,
  ): Promise<T> {
    const answer = await this.#send(command, new URLSearchParams(params), signal, body);
    try {
      return read(answer);
    } catch (error) {
      if (!(error instanceof AnswerProblems)) throw error;
      const start = new TextDecoder().decode(answer.bytes.subarray(0, DATA_LIMIT));
      throw new InvalidResponseError({
        method: command.method,
        url: this.#baseUrl + commandPath(this.#connectorName, command),
        issues: error.issues,
        data: redactSecrets(start, this.#secrets),
        status: answer.status,
      });
    }
  }

  /**
   * Checks that the server answers (and, within a push session, that it has not restarted):
   * `GET ping?PAPI_connectorType`, an empty answer.
   */
  async ping(options?: PushAPICallOptions): Promise<void> {
    const [{ signal }] = checkArguments('ping', [options]);
    await this.#call(
      COMMANDS.ping,
      { [OURS.params.connectorType]: this.#connectorType },
      emptyAnswer,
      signal,
    );
  }

  /**
   * Reads the server's session id (`GET get_current_session_id?PAPI_connectorType`); every later
   * call carries it as `PAPI_session`, so a server restart is detected.
   * @throws {PushAPISessionExistsException} when a push session is open already.
   */
  async startPushSession(options?: PushAPICallOptions): Promise<void> {
    const [{ signal }] = checkArguments('startPushSession', [options]);
    if (this.#session !== undefined)
      throw new PushAPISessionExistsException({ message: 'A push session is open already' });
    this.#session = await this.#call(
      COMMANDS.sessionId,
      { [OURS.params.connectorType]: this.#connectorType },
      (a) => readULong(textAnswer(a)),
      signal,
    );
  }

  /**
   * Forgets the session id; sends no request.
   * @throws {PushAPISessionNotFoundException} when no push session is open.
   */
  async stopPushSession(options?: PushAPICallOptions): Promise<void> {
    checkArguments('stopPushSession', [options]);
    if (this.#session === undefined)
      throw new PushAPISessionNotFoundException({ message: 'No push session is open' });
    this.#session = undefined;
  }

  /**
   * Adds or replaces one document (`POST add_documents`, multipart: `PAPI_0:uri`, `:meta:<name>`,
   * `:part_bytes:<part>`, ...). Accepted as Pushed: lost on a crash until synced.
   * @throws {InvalidParameterError} when an argument breaks a rule, before any request.
   */
  async addDocument(document: Document, options?: PushAPICallOptions): Promise<void> {
    const [doc, { signal }] = checkArguments('addDocument', [document, options]);
    await this.#call(COMMANDS.add, {}, emptyAnswer, signal, documentsToForm([doc]));
  }

  /**
   * Adds or replaces several documents in one `POST add_documents` (fields `PAPI_<k>:` per
   * document). An empty list sends nothing.
   * @throws {InvalidParameterError} when an argument breaks a rule, before any request.
   */
  async addDocumentList(
    documents: readonly Document[],
    options?: PushAPICallOptions,
  ): Promise<void> {
    const [docs, { signal }] = checkArguments('addDocumentList', [documents, options]);
    if (docs.length > 0)
      await this.#call(COMMANDS.add, {}, emptyAnswer, signal, documentsToForm(docs));
  }

  /**
   * Replaces only the named metas and parts of a document (`POST update_documents`, multipart,
   * the names as `PAPI_0:field`). Exalead documents that a real server may not handle `fields` yet.
   * @throws {InvalidParameterError} when an argument breaks a rule, before any request.
   */
  async updateDocument(
    document: Document,
    fields: readonly string[],
    options?: PushAPICallOptions,
  ): Promise<void> {
    const [doc, names, { signal }] = checkArguments('updateDocument', [document, fields, options]);
    await this.#call(COMMANDS.update, {}, emptyAnswer, signal, documentsToForm([doc], [names]));
  }

  /**
   * {@link updateDocument} for several documents in one `POST update_documents`: `fieldsList[i]`
   * names what to replace in `documents[i]`. An empty list sends nothing.
   * @throws {InvalidParameterError} when an argument breaks a rule, before any request.
   */
  async updateDocumentList(
    documents: readonly Document[],
    fieldsList: readonly (readonly string[])[],
    options?: PushAPICallOptions,
  ): Promise<void> {
    const [docs, fields, { signal }] = checkArguments('updateDocumentList', [
      documents,
      fieldsList,
      options,
    ]);
    if (docs.length > 0)
      await this.#call(COMMANDS.update, {}, emptyAnswer, signal, documentsToForm(docs, fields));
  }

  /**
   * Deletes one document (`POST delete_documents`, form body `PAPI_uri`). Accepted as Pushed.
   * @throws {InvalidParameterError} when an argument breaks a rule, before any request.
   */
  async deleteDocument(uri: string, options?: PushAPICallOptions): Promise<void> {
    const [checked, { signal }] = checkArguments('deleteDocument', [uri, options]);
    const form = new URLSearchParams({ PAPI_uri: checked });
    await this.#call(COMMANDS.delete, {}, emptyAnswer, signal, form);
  }

  /**
   * Deletes several documents in one `POST delete_documents` (`PAPI_uri` repeated in the form
   * body). An empty list sends nothing.
   * @throws {InvalidParameterError} when an argument breaks a rule, before any request.
   */
  async deleteDocumentList(uris: readonly string[], options?: PushAPICallOptions): Promise<void> {
    const [checked, { signal }] = checkArguments('deleteDocumentList', [uris, options]);
    const form = new URLSearchParams();
    for (const uri of checked) form.append('PAPI_uri', uri);
    if (checked.length > 0) await this.#call(COMMANDS.delete, {}, emptyAnswer, signal, form);
  }

  /**
   * Deletes every URI under `rootPath` (`''`: everything), or only its first level with
   * `recursive: false` (`POST delete_documents_root_path?PAPI_rootPath&PAPI_recursive`). A root
   * that matches nothing is no error. `recursive` defaults to `true`.
   * @throws {InvalidParameterError} when an argument breaks a rule, before any request.
   */
  async deleteDocumentsRootPath(
    rootPath: string,
    recursive?: boolean,
    options?: PushAPICallOptions,
  ): Promise<void> {
    const [root, deep, { signal }] = checkArguments('deleteDocumentsRootPath', [
      rootPath,
      recursive,
      options,
    ]);
    await this.#call(
      COMMANDS.deleteRoot,
      { PAPI_rootPath: root, PAPI_recursive: String(deep) },
      emptyAnswer,
      signal,
    );
  }

  /**
   * Whether the URI was sent to the index (Pushed included) and its stamp
   * (`GET get_documents_status?PAPI_uri`).
   * @throws {InvalidParameterError} when an argument breaks a rule, before any request.
   */
  async getDocumentStatus(uri: string, options?: PushAPICallOptions): Promise<DocumentStatus> {
    const [checked, { signal }] = checkArguments('getDocumentStatus', [uri, options]);
    const [status] = await this.#statuses([checked], signal);
    return status as DocumentStatus;
  }

  /**
   * One status per URI, in the order asked (`GET get_documents_status?PAPI_uri&PAPI_uri...`,
   * split into requests of about 6 KiB of URIs each). An empty list sends nothing.
   * @throws {InvalidParameterError} when an argument breaks a rule, before any request.
   */
  async getDocumentStatusList(
    uris: readonly string[],
    options?: PushAPICallOptions,
  ): Promise<DocumentStatus[]> {
    const [checked, { signal }] = checkArguments('getDocumentStatusList', [uris, options]);
    const statuses: DocumentStatus[] = [];
    for (const group of groupByEncodedLength(checked))
      statuses.push(...(await this.#statuses(group, signal)));
    return statuses;
  }

  #statuses(uris: readonly string[], signal: AbortSignal | undefined): Promise<DocumentStatus[]> {
    const params = new URLSearchParams();
    for (const uri of uris) params.append('PAPI_uri', uri);
    return this.#call(COMMANDS.status, params, (a) => readStatuses(textAnswer(a), uris), signal);
  }

  /**
   * Sets a named checkpoint (`POST set_checkpoint?PAPI_checkpoint&PAPI_name&PAPI_sync`) and
   * resolves with the serial of the last operation before it, for {@link areDocumentsSearchable}.
   * With `sync` true every Pushed operation is Synced first. `name` defaults to `''`, `sync` to
   * `false`.
   * @throws {InvalidParameterError} when an argument breaks a rule, before any request.
   */
  async setCheckpoint(
    checkpoint: string,
    name?: string,
    sync?: boolean,
    options?: PushAPICallOptions,
  ): Promise<bigint> {
    const [value, checkedName, synced, { signal }] = checkArguments('setCheckpoint', [
      checkpoint,
      name,
      sync,
      options,
    ]);
    return this.#call(
      COMMANDS.setCheckpoint,
      { PAPI_checkpoint: value, PAPI_name: checkedName, [OURS.params.sync]: String(synced) },
      (a) => readULong(textAnswer(a)),
      signal,
    );
  }

  /**
   * A checkpoint's value, or `undefined` when it is not set: the last synced one
   * (`GET get_checkpoint?PAPI_name`), or with `showSynchronizedOnly` false a pending one too
   * (`GET get_checkpoint_info?PAPI_name&PAPI_showSynchronizedOnly`). `name` defaults to `''`.
   * @throws {InvalidParameterError} when an argument breaks a rule, before any request.
   */
  async getCheckpoint(
    name?: string,
    showSynchronizedOnly?: boolean,
    options?: PushAPICallOptions,
  ): Promise<string | undefined> {
    const [checkedName, syncedOnly, { signal }] = checkArguments('getCheckpoint', [
      name,
      showSynchronizedOnly,
      options,
    ]);
    // Exalead documents one call per form: get_checkpoint(name), get_checkpoint_info(name, flag).
    if (syncedOnly === undefined)
      return this.#call(
        COMMANDS.getCheckpoint,
        { PAPI_name: checkedName },
        optionalTextAnswer,
        signal,
      );
    return this.#call(
      COMMANDS.getCheckpointInfo,
      { PAPI_name: checkedName, PAPI_showSynchronizedOnly: String(syncedOnly) },
      optionalTextAnswer,
      signal,
    );
  }

  /**
   * Deletes every checkpoint of the connector (`POST clear_all_checkpoints`).
   */
  async clearAllCheckpoints(options?: PushAPICallOptions): Promise<void> {
    const [{ signal }] = checkArguments('clearAllCheckpoints', [options]);
    await this.#call(COMMANDS.clearCheckpoints, {}, emptyAnswer, signal);
  }

  /**
   * Every checkpoint with its value, read in one request on the first `next()`: synced ones
   * without the flag (`GET enumerate_checkpoints_info`), else
   * `GET enumerate_stated_checkpoints_info?PAPI_showSynchronizedOnly`.
   * @throws {InvalidParameterError} when an argument breaks a rule, before any request.
   */
  enumerateCheckpointsInfo(
    showSynchronizedOnly?: boolean,
    options?: PushAPICallOptions,
  ): PushAPIIterator<CheckpointInfo> {
    const [syncedOnly, { signal }] = checkArguments('enumerateCheckpointsInfo', [
      showSynchronizedOnly,
      options,
    ]);
    let done = false;
    return pagedIterator(
      async () => {
        if (done) return { entries: [], done: true };
        done = true;
        // Without the flag, Exalead documents enumerate_checkpoints_info, with no parameter.
        const entries = await this.#call(
          syncedOnly === undefined
            ? COMMANDS.enumerateCheckpoints
            : COMMANDS.enumerateStatedCheckpoints,
          syncedOnly === undefined ? {} : { PAPI_showSynchronizedOnly: String(syncedOnly) },
          (a) => readCheckpoints(textAnswer(a)),
          signal,
        );
        return { entries, done: true };
      },
      async () => {},
      signal,
    );
  }

  /**
   * The synced entries under `rootPath`, paged on demand
   * (`GET enumerate_synced_entries?PAPI_rootPath&PAPI_mode&PAPI_count`, then `&PAPI_cursor`): no
   * request before the first `next()`. Closing it before its end sends `POST release_enumeration`.
   * @throws {InvalidParameterError} when an argument breaks a rule, before any request.
   */
  enumerateSyncedEntries(
    rootPath: string,
    mode: EnumerationMode,
    options?: PushAPICallOptions,
  ): PushAPIIterator<SyncedEntry> {
    const [root, checkedMode, { signal }] = checkArguments('enumerateSyncedEntries', [
      rootPath,
      mode,
      options,
    ]);
    let cursor: string | undefined;
    return pagedIterator(
      async (count) => {
        const page = await this.#call(
          COMMANDS.enumerateEntries,
          {
            PAPI_rootPath: root,
            PAPI_mode: checkedMode,
            [OURS.params.count]: String(count),
            ...(cursor ? { [OURS.params.cursor]: cursor } : {}),
          },
          (a) => readEntryPage(textAnswer(a), count, cursor),
          signal,
        );
        cursor = page.cursor;
        return { entries: page.entries, done: cursor === undefined };
      },
      async () => {
        // An enumeration closed before its end holds a server cursor: release it, even once
        // the caller's signal aborted.
        if (cursor !== undefined)
          await this.#call(
            COMMANDS.releaseEnumeration,
            { [OURS.params.cursor]: cursor },
            () => {},
            undefined,
          ).catch(() => {});
      },
      signal,
    );
  }

  /**
   * How many synced entries {@link enumerateSyncedEntries} would give
   * (`GET count_synced_entries?PAPI_rootPath&PAPI_mode`).
   * @throws {InvalidParameterError} when an argument breaks a rule, before any request.
   */
  async countSyncedEntries(
    rootPath: string,
    mode: EnumerationMode,
    options?: PushAPICallOptions,
  ): Promise<bigint> {
    const [root, checkedMode, { signal }] = checkArguments('countSyncedEntries', [
      rootPath,
      mode,
      options,
    ]);
    return this.#call(
      COMMANDS.countEntries,
      { PAPI_rootPath: root, PAPI_mode: checkedMode },
      (a) => readULong(textAnswer(a)),
      signal,
    );
  }

  /**
   * Makes every Pushed operation and pending checkpoint Synced, crash-safe (`POST sync`).
   */
  async sync(options?: PushAPICallOptions): Promise<void> {
    const [{ signal }] = checkArguments('sync', [options]);
    await this.#call(COMMANDS.sync, {}, emptyAnswer, signal);
  }

  /**
   * Asks for an indexing job, which makes Synced operations Searchable
   * (`POST trigger_indexing_job`); poll {@link areDocumentsSearchable} to know when.
   */
  async triggerIndexingJob(options?: PushAPICallOptions): Promise<void> {
    const [{ signal }] = checkArguments('triggerIndexingJob', [options]);
    await this.#call(COMMANDS.triggerIndexing, {}, emptyAnswer, signal);
  }

  /**
   * True once every operation up to `serial` is Searchable
   * (`GET are_documents_searchable?PAPI_serial`).
   * @throws {InvalidParameterError} when an argument breaks a rule, before any request.
   */
  async areDocumentsSearchable(serial: bigint, options?: PushAPICallOptions): Promise<boolean> {
    const [checked, { signal }] = checkArguments('areDocumentsSearchable', [serial, options]);
    return this.#call(
      COMMANDS.searchable,
      { [OURS.params.serial]: checked.toString() },
      (a) => readBoolean(textAnswer(a)),
      signal,
    );
  }

  /**
   * Forgets the push session, if any; sends no request, so never fails but for bad `options` (their
   * `signal` is not read).
   */
  async close(options?: PushAPICallOptions): Promise<void> {
    checkArguments('close', [options]);
    this.#session = undefined;
  }
}

import {
  basicAuth,
  createHttpClient,
  type HttpClient,
  isInputValidationError,
  redactSecrets,
} from '@connectorkit/http-core';
import {
  InvalidResponseError,
  PushAPISessionExistsException,
  PushAPISessionNotFoundException,
} from './errors.js';
import type { HttpPushAPIOptions } from './http-push-api-options.js';
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
import { resolveHttpOptions } from './internal/http-options.js';
import { pagedIterator } from './internal/paged-iterator.js';
import { translateError } from './internal/translate-error.js';
import { wholeBodyFetch } from './internal/whole-body-fetch.js';
import { COMMANDS, type Command, commandPath, documentsToForm, OURS } from './internal/wire.js';
import type {
  CheckpointInfo,
  Document,
  DocumentStatus,
  EnumerationMode,
  PushAPI,
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
    const base = options.fetch;
    try {
      this.#http = createHttpClient({
        baseUrl,
        timeout: options.timeoutMs ?? 60_000,
        retry: options.retry ?? 2,
        headers: { accept: 'text/plain, application/xml' },
        ...(auth ? { auth: basicAuth({ username: auth.login, password: auth.password }) } : {}),
        fetch: wholeBodyFetch(() => base ?? globalThis.fetch),
        ...(options.logger ? { logger: options.logger } : {}),
      });
    } catch (error) {
      // http-core checks its options too; what it refuses is reported under this package's name.
      if (isInputValidationError(error)) throw invalid('HttpPushAPI options', error.issues);
      throw error;
    }
  }

  async #send(
    command: Command,
    params: URLSearchParams,
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
      });
      return {
        status: response.status,
        contentType: response.headers.get('content-type'),
        bytes: await response.bytes(),
      };
    } catch (error) {
      throw translateError(error, this.#connectorName);
    }
  }

  /** Sends `command` and reads its answer with `read`; an answer it refuses is InvalidResponseError. */
  async #call<T>(
    command: Command,
    params: Record<string, string> | URLSearchParams,
    read: (answer: Answer) => T,
    body?: FormData | URLSearchParams,
  ): Promise<T> {
    const answer = await this.#send(command, new URLSearchParams(params), body);
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
        httpStatus: answer.status,
      });
    }
  }

  async ping(): Promise<void> {
    await this.#call(
      COMMANDS.ping,
      { [OURS.params.connectorType]: this.#connectorType },
      emptyAnswer,
    );
  }

  async startPushSession(): Promise<void> {
    if (this.#session !== undefined)
      throw new PushAPISessionExistsException({ message: 'A push session is open already' });
    this.#session = await this.#call(
      COMMANDS.sessionId,
      { [OURS.params.connectorType]: this.#connectorType },
      (a) => readULong(textAnswer(a)),
    );
  }

  async stopPushSession(): Promise<void> {
    if (this.#session === undefined)
      throw new PushAPISessionNotFoundException({ message: 'No push session is open' });
    this.#session = undefined;
  }

  async addDocument(document: Document): Promise<void> {
    const [doc] = checkArguments('addDocument', [document]);
    await this.#call(COMMANDS.add, {}, emptyAnswer, documentsToForm([doc]));
  }

  async addDocumentList(documents: readonly Document[]): Promise<void> {
    const [docs] = checkArguments('addDocumentList', [documents]);
    if (docs.length > 0) await this.#call(COMMANDS.add, {}, emptyAnswer, documentsToForm(docs));
  }

  async updateDocument(document: Document, fields: readonly string[]): Promise<void> {
    const [doc, names] = checkArguments('updateDocument', [document, fields]);
    await this.#call(COMMANDS.update, {}, emptyAnswer, documentsToForm([doc], [names]));
  }

  async updateDocumentList(
    documents: readonly Document[],
    fieldsList: readonly (readonly string[])[],
  ): Promise<void> {
    const [docs, fields] = checkArguments('updateDocumentList', [documents, fieldsList]);
    if (docs.length > 0)
      await this.#call(COMMANDS.update, {}, emptyAnswer, documentsToForm(docs, fields));
  }

  async deleteDocument(uri: string): Promise<void> {
    const [checked] = checkArguments('deleteDocument', [uri]);
    await this.#call(COMMANDS.delete, {}, emptyAnswer, new URLSearchParams({ PAPI_uri: checked }));
  }

  async deleteDocumentList(uris: readonly string[]): Promise<void> {
    const [checked] = checkArguments('deleteDocumentList', [uris]);
    const form = new URLSearchParams();
    for (const uri of checked) form.append('PAPI_uri', uri);
    if (checked.length > 0) await this.#call(COMMANDS.delete, {}, emptyAnswer, form);
  }

  async deleteDocumentsRootPath(rootPath: string, recursive?: boolean): Promise<void> {
    const [root, deep] = checkArguments('deleteDocumentsRootPath', [rootPath, recursive]);
    await this.#call(
      COMMANDS.deleteRoot,
      { PAPI_rootPath: root, PAPI_recursive: String(deep) },
      emptyAnswer,
    );
  }

  async getDocumentStatus(uri: string): Promise<DocumentStatus> {
    const [checked] = checkArguments('getDocumentStatus', [uri]);
    const [status] = await this.#statuses([checked]);
    return status as DocumentStatus;
  }

  async getDocumentStatusList(uris: readonly string[]): Promise<DocumentStatus[]> {
    const [checked] = checkArguments('getDocumentStatusList', [uris]);
    const statuses: DocumentStatus[] = [];
    for (const group of groupByEncodedLength(checked))
      statuses.push(...(await this.#statuses(group)));
    return statuses;
  }

  #statuses(uris: readonly string[]): Promise<DocumentStatus[]> {
    const params = new URLSearchParams();
    for (const uri of uris) params.append('PAPI_uri', uri);
    return this.#call(COMMANDS.status, params, (a) => readStatuses(textAnswer(a), uris));
  }

  async setCheckpoint(checkpoint: string, name?: string, sync?: boolean): Promise<bigint> {
    const [value, checkedName, synced] = checkArguments('setCheckpoint', [checkpoint, name, sync]);
    return this.#call(
      COMMANDS.setCheckpoint,
      { PAPI_checkpoint: value, PAPI_name: checkedName, [OURS.params.sync]: String(synced) },
      (a) => readULong(textAnswer(a)),
    );
  }

  async getCheckpoint(name?: string, showSynchronizedOnly?: boolean): Promise<string | undefined> {
    const [checkedName, syncedOnly] = checkArguments('getCheckpoint', [name, showSynchronizedOnly]);
    // Exalead documents one call per form: get_checkpoint(name), get_checkpoint_info(name, flag).
    if (syncedOnly === undefined)
      return this.#call(COMMANDS.getCheckpoint, { PAPI_name: checkedName }, optionalTextAnswer);
    return this.#call(
      COMMANDS.getCheckpointInfo,
      { PAPI_name: checkedName, PAPI_showSynchronizedOnly: String(syncedOnly) },
      optionalTextAnswer,
    );
  }

  async clearAllCheckpoints(): Promise<void> {
    await this.#call(COMMANDS.clearCheckpoints, {}, emptyAnswer);
  }

  enumerateCheckpointsInfo(showSynchronizedOnly?: boolean): PushAPIIterator<CheckpointInfo> {
    const [syncedOnly] = checkArguments('enumerateCheckpointsInfo', [showSynchronizedOnly]);
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
        );
        return { entries, done: true };
      },
      async () => {},
    );
  }

  enumerateSyncedEntries(rootPath: string, mode: EnumerationMode): PushAPIIterator<SyncedEntry> {
    const [root, checkedMode] = checkArguments('enumerateSyncedEntries', [rootPath, mode]);
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
        );
        cursor = page.cursor;
        return { entries: page.entries, done: cursor === undefined };
      },
      async () => {
        // An enumeration closed before its end holds a server cursor: release it.
        if (cursor !== undefined)
          await this.#call(
            COMMANDS.releaseEnumeration,
            { [OURS.params.cursor]: cursor },
            () => {},
          ).catch(() => {});
      },
    );
  }

  async countSyncedEntries(rootPath: string, mode: EnumerationMode): Promise<bigint> {
    const [root, checkedMode] = checkArguments('countSyncedEntries', [rootPath, mode]);
    return this.#call(COMMANDS.countEntries, { PAPI_rootPath: root, PAPI_mode: checkedMode }, (a) =>
      readULong(textAnswer(a)),
    );
  }

  async sync(): Promise<void> {
    await this.#call(COMMANDS.sync, {}, emptyAnswer);
  }

  async triggerIndexingJob(): Promise<void> {
    await this.#call(COMMANDS.triggerIndexing, {}, emptyAnswer);
  }

  async areDocumentsSearchable(serial: bigint): Promise<boolean> {
    const [checked] = checkArguments('areDocumentsSearchable', [serial]);
    return this.#call(COMMANDS.searchable, { [OURS.params.serial]: checked.toString() }, (a) =>
      readBoolean(textAnswer(a)),
    );
  }

  async close(): Promise<void> {
    this.#session = undefined;
  }
}

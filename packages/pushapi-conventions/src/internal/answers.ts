import type { ValidationProblem } from '@connectorkit/http-core';
import type { CheckpointInfo, DocumentStatus, SyncedEntry } from '../types.js';
import { hasControl } from './text-rules.js';

/*
 * What each command may answer (reference exalead-papi.md section 9), checked before a value
 * reaches the caller. A check that fails throws AnswerProblems; HttpPushAPI turns it into an
 * InvalidResponseError with the request's method and URL.
 */

/** The problems found in an answer; positions only, never the server's text. */
export class AnswerProblems extends Error {
  constructor(readonly issues: readonly ValidationProblem[]) {
    super(issues.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('; '));
  }
}

const problem = (path: string, message: string) => new AnswerProblems([{ path, message }]);
const MAX_ULONG = 2n ** 64n - 1n;

/** Decodes the body: UTF-8 only, and nothing a PAPI answer never holds (NUL). */
export function decodeText(bytes: Uint8Array, contentType: string | null): string {
  const media = contentType?.split(';')[0]?.trim().toLowerCase();
  if (media !== 'text/plain') throw problem('content-type', 'must be text/plain');
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1]?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')
    throw problem('content-type', 'must have charset utf-8');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw problem('body', 'is not valid UTF-8');
  }
  if (text.includes('\u0000')) throw problem('body', 'must not contain NUL');
  return text;
}

/** A decimal unsigned 64-bit number (session id, serial, count), with an optional line end. */
export function readULong(text: string): bigint {
  const match = /^(\d{1,20})\r?\n?$/.exec(text);
  const value = match?.[1] === undefined ? undefined : BigInt(match[1]);
  if (value === undefined || value > MAX_ULONG)
    throw problem('body', 'must be a decimal integer from 0 to 2^64-1');
  return value;
}

export function readBoolean(text: string): boolean {
  const match = /^(true|false)\r?\n?$/.exec(text);
  if (!match) throw problem('body', 'must be true or false');
  return match[1] === 'true';
}

/** Records ending with a newline; a body that does not end with one was cut or is not a list. */
function splitLines(text: string): string[] {
  if (text === '') return [];
  if (!text.endsWith('\n')) throw problem('body', 'must end with a newline (one record a line)');
  return text.slice(0, -1).split('\n');
}

function decode(encoded: string, at: string, what: string, isUri: boolean): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(encoded);
  } catch {
    throw problem(at, `has a ${what} that is not valid percent-encoding`);
  }
  if (isUri && hasControl(decoded)) throw problem(at, `has a ${what} with control characters`);
  return decoded;
}

const STATUS_LINE = /^([^ ]+) ([01]) ([^ ]*)$/;
/** One `enc(uri) SP (0|1) SP enc(stamp)` line per URI asked for, in the order asked. */
export function readStatuses(text: string, uris: readonly string[]): DocumentStatus[] {
  const lines = splitLines(text);
  if (lines.length !== uris.length)
    throw problem(
      'body',
      `must hold one line per URI asked for (${uris.length}), not ${lines.length}`,
    );
  return lines.map((line, i) => {
    const at = `line ${i + 1}`;
    const match = STATUS_LINE.exec(line);
    if (!match) throw problem(at, 'must be "<uri> <0|1> <stamp>"');
    const [, uri = '', exist, stamp = ''] = match;
    if (decode(uri, at, 'URI', true) !== uris[i])
      throw problem(at, 'names another URI than the one asked for at this position');
    const exists = exist === '1';
    const decodedStamp = decode(stamp, at, 'stamp', false);
    return {
      uri: uris[i] as string,
      exist: exists,
      ...(exists && decodedStamp !== '' ? { stamp: decodedStamp } : {}),
    };
  });
}

const ENTRY_LINE = /^([^ ]+) ([df]) ([^ ]*)$/;
const CURSOR_LINE = /^#cursor ([!-~]+)$/;
/** `enc(uri) SP (d|f) SP enc(stamp)` lines, then `#cursor <token>` when more remain. */
export function readEntryPage(
  text: string,
  asked: number,
  previousCursor: string | undefined,
): { entries: SyncedEntry[]; cursor: string | undefined } {
  const lines = splitLines(text);
  let cursor: string | undefined;
  const last = lines.at(-1);
  if (last?.startsWith('#')) {
    const match = CURSOR_LINE.exec(last);
    if (!match) throw problem(`line ${lines.length}`, 'must be "#cursor <token>"');
    cursor = match[1];
    lines.pop();
  }
  if (lines.length > asked)
    throw problem('body', `must hold at most the ${asked} entries asked for, not ${lines.length}`);
  if (cursor !== undefined && lines.length === 0)
    throw problem('body', 'must hold at least one entry when it names a cursor for more');
  if (cursor !== undefined && cursor === previousCursor)
    throw problem('cursor', 'must not repeat the previous cursor');
  const entries = lines.map((line, i) => {
    const at = `line ${i + 1}`;
    const match = ENTRY_LINE.exec(line);
    if (!match) throw problem(at, 'must be "<uri> <d|f> <stamp>"');
    const [, uri = '', type, stamp = ''] = match;
    return {
      uri: decode(uri, at, 'URI', true),
      isFolder: type === 'd',
      stamp: decode(stamp, at, 'stamp', false),
    };
  });
  return { entries, cursor };
}

const CHECKPOINT_LINE = /^([^ ]*) ([^\r]*)$/;
/** Exalead's escape: only `\r` and `\n` stand for CR and LF; any other backslash is itself. */
const unescapeValue = (value: string) =>
  value.replace(/\\([rn])/g, (_, c: string) => (c === 'r' ? '\r' : '\n'));
/**
 * Exalead's checkpoint lines, `urlencode(name) SP escape(value)`: the name is form-encoded (a `+`
 * is a space), the value has CR and LF escaped and nothing else (a backslash is not doubled).
 */
export function readCheckpoints(text: string): CheckpointInfo[] {
  return splitLines(text).map((line, i) => {
    const at = `line ${i + 1}`;
    const match = CHECKPOINT_LINE.exec(line);
    if (!match) throw problem(at, 'must be "<name> <value>" with CR and LF escaped');
    const name = decode((match[1] ?? '').replace(/\+/g, ' '), at, 'name', true);
    return { name, value: unescapeValue(match[2] ?? '') };
  });
}

/** What a command answered, read whole. */
export interface Answer {
  status: number;
  contentType: string | null;
  bytes: Uint8Array;
}

/** Status lists go in the URL: URIs are sent in groups whose encoded size stays under this. */
export const MAX_STATUS_QUERY: number = 6 * 1024;

/** A void command's answer: any 2xx, with nothing in it. */
export function emptyAnswer(a: Answer): void {
  if (a.bytes.byteLength > 0) throw problem('body', 'must be empty');
}

/** A command's text answer: 200, `text/plain`, UTF-8. */
export function textAnswer(a: Answer): string {
  if (a.status !== 200) throw problem('status', 'must be 200');
  return decodeText(a.bytes, a.contentType);
}

/** A checkpoint: 200 with its value, or 204 when it is not set. */
export function optionalTextAnswer(a: Answer): string | undefined {
  return a.status === 204 ? undefined : textAnswer(a);
}

export function groupByEncodedLength(uris: readonly string[]): string[][] {
  const groups: string[][] = [];
  let group: string[] = [];
  let size = 0;
  for (const uri of uris) {
    const length = encodeURIComponent(uri).length + 10;
    if (group.length > 0 && size + length > MAX_STATUS_QUERY) {
      groups.push(group);
      group = [];
      size = 0;
    }
    group.push(uri);
    size += length;
  }
  if (group.length > 0) groups.push(group);
  return groups;
}

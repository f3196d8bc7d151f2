import * as v from 'valibot';
import {
  InvalidConnectorNameError,
  InvalidParameterError,
  type PapiErrorDescription,
  type PushAPIException,
  PushAPISessionMismatchException,
  UnknownError,
  UnknownErrorException,
} from './errors.js';
import { checkInput } from './internal/check-input.js';

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};
const escapeXml = (text: string) => text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c);
const unescapeXml = (text: string) =>
  text.replace(
    /&(amp|lt|gt|quot|apos);/g,
    (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[e] ?? '',
  );

const DescriptionSchema = v.object(
  {
    type: v.string('must be a string'),
    shortMessage: v.string('must be a string'),
    message: v.string('must be a string'),
  },
  'must be an object { type, shortMessage, message }',
);

/** Serializes an error description to the recommendation's XML (for languages without exceptions). */
export function toErrorXml(error: PapiErrorDescription): string {
  const e = checkInput(DescriptionSchema, error, 'toErrorXml(error)', 'error');
  return `<?xml version="1.0" encoding="UTF-8"?><error><type>${escapeXml(e.type)}</type><short_message>${escapeXml(e.shortMessage)}</short_message><message>${escapeXml(e.message)}</message></error>`;
}

/** Parses the `<error>` XML; `undefined` when the text is not one. */
export function parseErrorXml(xml: string): PapiErrorDescription | undefined {
  checkInput(v.string('must be a string'), xml, 'parseErrorXml(xml)', 'xml');
  const field = (name: string) => new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml)?.[1];
  const type = field('type');
  if (type === undefined || !/<error[\s>]/.test(xml)) return undefined;
  return {
    type: unescapeXml(type.trim()),
    shortMessage: unescapeXml(field('short_message') ?? ''),
    message: unescapeXml(field('message') ?? ''),
  };
}

const HttpStatus = v.optional(
  v.pipe(
    v.number('must be an HTTP status'),
    v.integer('must be an HTTP status'),
    v.minValue(100, 'must be an HTTP status'),
    v.maxValue(599, 'must be an HTTP status'),
  ),
);

/** The exception a client raises for a server's error description (`cause`: what it came with). */
export function exceptionFor(
  description: PapiErrorDescription,
  httpStatus?: number,
  cause?: unknown,
): PushAPIException {
  const d = checkInput(DescriptionSchema, description, 'exceptionFor(description)', 'description');
  checkInput(HttpStatus, httpStatus, 'exceptionFor(httpStatus)', 'httpStatus');
  const options = {
    message: `${d.type}: ${d.shortMessage || d.message}`,
    type: d.type,
    shortMessage: d.shortMessage,
    ...(httpStatus === undefined ? {} : { httpStatus }),
    ...(cause === undefined ? {} : { cause }),
  };
  switch (d.type) {
    case 'InvalidConnectorNameError':
      return new InvalidConnectorNameError(options);
    case 'InvalidParameterError':
      return new InvalidParameterError(options);
    case 'SessionMismatchError':
      return new PushAPISessionMismatchException(options);
    case 'UnknownError':
      return new UnknownError(options);
    default:
      return new UnknownErrorException(options);
  }
}

import * as v from 'valibot';
import type { PapiErrorDescription } from './errors.js';
import { checkInput } from './internal/check-input.js';
import { readErrorXml } from './internal/error-xml-text.js';

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};
const escapeXml = (text: string) => text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c);

/** An `<error>` description: `type`, `shortMessage` and `message`, all strings. */
export const DescriptionSchema: v.GenericSchema<PapiErrorDescription> = v.object(
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
  return readErrorXml(xml);
}

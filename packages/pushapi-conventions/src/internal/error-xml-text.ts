import type { PapiErrorDescription } from '../errors.js';

const unescapeXml = (text: string) =>
  text.replace(
    /&(amp|lt|gt|quot|apos);/g,
    (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[e] ?? '',
  );

/**
 * Reads the `<error>` XML (`parseErrorXml` without its argument check, for the exception classes,
 * which must not import the checked entry points); `undefined` when the text is not one.
 */
export function readErrorXml(xml: string): PapiErrorDescription | undefined {
  const field = (name: string) => new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml)?.[1];
  const type = field('type');
  if (type === undefined || !/<error[\s>]/.test(xml)) return undefined;
  return {
    type: unescapeXml(type.trim()),
    shortMessage: unescapeXml(field('short_message') ?? ''),
    message: unescapeXml(field('message') ?? ''),
  };
}

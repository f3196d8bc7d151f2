import * as v from 'valibot';
import { DocumentBuilder } from '../document-builder.js';
import {
  DateInputSchema,
  MetadataKeySchema,
  type MetadataValue,
  MetadataValueSchema,
} from '../document-rules.js';
import { isId } from '../internal/text-rules.js';
import type { SearchResult } from './search-api.js';

/** Index fields the index computes itself; pushing them back as metadata would be wrong. */
const COMPUTED_FIELDS = new Set([
  'uri',
  'urihash',
  'source',
  'collection',
  'filetype',
  'language',
  'indexeddate',
  'rowid',
  'size',
  'title',
  'permanentid',
  'clickableuri',
  'author',
  'date',
  'transactionid',
  'sourcetype',
  'printableuri',
  'uniqueid',
  'wordcount',
  'concepts',
  'summary',
  'objecttype',
  'documentid',
  'orderingid',
  'filename',
  'connectortype',
  'topparent',
  'topparentid',
]);

/** Metadata worth pushing back from a result's `raw`: user fields, not computed ones. */
export function carriedMetadata(
  raw: Record<string, unknown>,
): Map<string, [string, MetadataValue]> {
  const out = new Map<string, [string, MetadataValue]>();
  for (const [key, value] of Object.entries(raw)) {
    const lower = key.toLowerCase();
    if (lower.startsWith('sys') || COMPUTED_FIELDS.has(lower)) continue;
    if (!v.is(MetadataKeySchema, key) || !v.is(MetadataValueSchema, value)) continue;
    out.set(lower, [key, value]);
  }
  return out;
}

/**
 * The full item to push again: what the index returned (title, permanent id, clickable URI,
 * author, date, user metadata, and the quick-view HTML as the body) with `changes` laid over it.
 */
export function rebuildDocument(
  result: SearchResult,
  html: string | undefined,
  changes: Record<string, MetadataValue>,
): DocumentBuilder {
  const raw = result.raw;
  const doc = new DocumentBuilder(result.uri, result.title);
  // What the index returns is used only where it is valid: a bad value is left out, not thrown.
  if (isId(raw.permanentid)) doc.withPermanentId(raw.permanentid);
  const clickable = isId(raw.clickableuri) ? raw.clickableuri : result.clickUri;
  if (isId(clickable)) doc.withClickableUri(clickable);
  if (typeof raw.author === 'string') doc.withAuthor(raw.author);
  if (v.is(DateInputSchema, raw.date)) doc.withDate(raw.date);
  if (html !== undefined) doc.withData(html).withFileExtension('.html');
  const metadata = carriedMetadata(raw);
  for (const [key, value] of Object.entries(changes)) metadata.set(key.toLowerCase(), [key, value]);
  for (const [key, value] of metadata.values()) doc.withMetadataValue(key, value);
  return doc;
}

import type { IndexedItem } from './coveo-index.js';
import {
  type FieldOperator,
  isDateLiteral,
  isNumberLiteral,
  type QueryNode,
  type QueryValue,
} from './search-query.js';

/** One searchable item and the source it is in (`@source`). */
export interface SearchableItem {
  item: IndexedItem;
  source: string;
}

/** The values of a field on an item (field names are case-insensitive; `@uri` is the documentId). */
export function fieldValues(doc: SearchableItem, field: string): unknown[] {
  const lower = field.toLowerCase();
  if (lower === 'uri') return [doc.item.documentId];
  if (lower === 'source') return [doc.source];
  for (const key in doc.item) {
    if (key.toLowerCase() !== lower) continue;
    const value = doc.item[key];
    if (value === undefined || value === null) return [];
    return Array.isArray(value) ? value : [value];
  }
  return [];
}

/** Words of a text, lower-cased, as the free-text part of a query compares them. */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
}

/** The UTC time of a date literal (`2024/01/31`, `2024-01-31@10:00:00`), and whether it has one. */
function literalTime(text: string): { ms: number; dayOnly: boolean } {
  const [date = '', time] = text.split('@');
  const iso = `${date.replace(/\//g, '-')}T${time ? (time.length === 5 ? `${time}:00` : time) : '00:00:00'}Z`;
  return { ms: Date.parse(iso), dayOnly: time === undefined };
}

/** A field value as a time: an ISO (or any `Date.parse`) string, or epoch milliseconds. */
function valueTime(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value.includes('/') ? value.replace(/\//g, '-') : value);
  return Number.isNaN(ms) ? undefined : ms;
}

const DAY = 86_400_000;

/** One field value against one literal, by what both look like (number, date, text). */
function compare(value: unknown, operator: FieldOperator, literal: QueryValue): boolean {
  if (literal.kind === 'range') {
    if (isNumberLiteral(literal.from))
      return (
        typeof value === 'number' && value >= Number(literal.from) && value <= Number(literal.to)
      );
    const t = valueTime(value);
    const to = literalTime(literal.to);
    return (
      t !== undefined && t >= literalTime(literal.from).ms && t < to.ms + (to.dayOnly ? DAY : 1)
    );
  }
  const text = literal.text;
  if (!literal.quoted && isDateLiteral(text)) {
    const t = valueTime(value);
    if (t === undefined) return false;
    const { ms, dayOnly } = literalTime(text);
    const end = ms + (dayOnly ? DAY : 1);
    switch (operator) {
      case '==':
      case '=':
        return t >= ms && t < end;
      case '!=':
        return !(t >= ms && t < end);
      case '>':
        return t >= end;
      case '>=':
        return t >= ms;
      case '<':
        return t < ms;
      case '<=':
        return t < end;
    }
  }
  if (typeof value === 'number') {
    if (!isNumberLiteral(text)) return operator === '!=';
    const n = Number(text);
    switch (operator) {
      case '==':
      case '=':
        return value === n;
      case '!=':
        return value !== n;
      case '>':
        return value > n;
      case '>=':
        return value >= n;
      case '<':
        return value < n;
      case '<=':
        return value <= n;
    }
  }
  const actual = String(value).toLowerCase();
  const wanted = text.toLowerCase();
  switch (operator) {
    case '==':
      return actual === wanted;
    case '!=':
      return actual !== wanted;
    case '=':
      return actual.includes(wanted);
    default:
      // Ordering operators take only numbers and dates (checked when parsing).
      return false;
  }
}

function matchField(doc: SearchableItem, node: Extract<QueryNode, { kind: 'field' }>): boolean {
  const values = fieldValues(doc, node.field);
  if (node.operator === undefined) return values.length > 0;
  if (node.operator === '!=') {
    // No value of the field equals any of the literals.
    return !values.some((v) => node.values.some((l) => compare(v, '==', l)));
  }
  const operator = node.operator;
  return values.some((v) => node.values.some((l) => compare(v, operator, l)));
}

function matchTerm(doc: SearchableItem, node: Extract<QueryNode, { kind: 'term' }>): boolean {
  const wanted = words(node.text);
  if (wanted.length === 0) return false;
  const texts = [doc.item.title, doc.item.data].filter((t): t is string => typeof t === 'string');
  return texts.some((t) => {
    const have = words(t);
    for (let i = 0; i + wanted.length <= have.length; i++) {
      if (wanted.every((w, j) => have[i + j] === w)) return true;
    }
    return false;
  });
}

/** Whether an item matches a parsed query. */
export function matchesQuery(doc: SearchableItem, node: QueryNode): boolean {
  switch (node.kind) {
    case 'all':
      return true;
    case 'and':
      return node.nodes.every((n) => matchesQuery(doc, n));
    case 'or':
      return node.nodes.some((n) => matchesQuery(doc, n));
    case 'not':
      return !matchesQuery(doc, node.node);
    case 'term':
      return matchTerm(doc, node);
    case 'field':
      return matchField(doc, node);
  }
}

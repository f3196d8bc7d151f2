import type { LuceneQuery } from './lucene-query.js';

/** What `index(name, value, options)` put in one field of one document. */
export interface SearchField {
  /** Analysed tokens of each string (or boolean) value. */
  tokens: string[][];
  numbers: number[];
  /** The values as given, for stored fields and sorting. */
  values: unknown[];
  store: boolean;
}

/** A document as a search index holds it. */
export interface SearchDoc {
  id: string;
  fields: Map<string, SearchField>;
}

/**
 * Analysers: `keyword` keeps the value whole, `whitespace` splits on spaces, every other name
 * (`standard`, `simple`, `classic`, `english`, ...) lower-cases and splits on non-alphanumerics.
 * Choice: no stop words and no stemming, so results can differ from Cloudant for those analysers.
 */
export function analyze(analyzer: string, text: string): string[] {
  if (analyzer === 'keyword') return [text];
  if (analyzer === 'whitespace') return text.split(/\s+/).filter(Boolean);
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

const isNumeric = (text: string) => text.trim() !== '' && Number.isFinite(Number(text));

function wildcard(pattern: string, analyzer: string): RegExp {
  const text =
    analyzer === 'keyword' || analyzer === 'whitespace' ? pattern : pattern.toLowerCase();
  const source = text
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 'u');
}

function containsPhrase(tokens: string[], phrase: string[]): boolean {
  if (phrase.length === 0) return false;
  for (let i = 0; i + phrase.length <= tokens.length; i++) {
    if (phrase.every((token, j) => tokens[i + j] === token)) return true;
  }
  return false;
}

/** How often a leaf query matches the field (0: no match), a stand-in for Lucene's scoring. */
function leafScore(field: SearchField | undefined, query: LuceneQuery, analyzer: string): number {
  if (!field) return 0;
  switch (query.type) {
    case 'term': {
      const terms = analyze(analyzer, query.text);
      if (isNumeric(query.text) && field.numbers.includes(Number(query.text))) return 1;
      // A term the analyser splits into several tokens becomes a phrase, as in Lucene.
      if (terms.length !== 1)
        return field.tokens.filter((tokens) => containsPhrase(tokens, terms)).length;
      return field.tokens.flat().filter((token) => token === terms[0]).length;
    }
    case 'phrase': {
      const phrase = analyze(analyzer, query.text);
      return field.tokens.filter((tokens) => containsPhrase(tokens, phrase)).length;
    }
    case 'wildcard': {
      const re = wildcard(query.pattern, analyzer);
      return field.tokens.flat().filter((token) => re.test(token)).length;
    }
    case 'range': {
      const { lower, upper, includeLower, includeUpper } = query;
      const numeric =
        (lower === undefined || isNumeric(lower)) && (upper === undefined || isNumeric(upper));
      const inRange = <T extends number | string>(value: T, lo: T | undefined, hi: T | undefined) =>
        (lo === undefined || (includeLower ? value >= lo : value > lo)) &&
        (hi === undefined || (includeUpper ? value <= hi : value < hi));
      if (numeric && field.numbers.length > 0) {
        const lo = lower === undefined ? undefined : Number(lower);
        const hi = upper === undefined ? undefined : Number(upper);
        return field.numbers.filter((n) => inRange(n, lo, hi)).length;
      }
      const lo = lower === undefined ? undefined : analyze(analyzer, lower)[0];
      const hi = upper === undefined ? undefined : analyze(analyzer, upper)[0];
      return field.tokens.flat().filter((token) => inRange(token, lo, hi)).length;
    }
    default:
      return 0;
  }
}

/** The document's score for the query, or 0 when it does not match. */
export function scoreDocument(
  doc: SearchDoc,
  query: LuceneQuery,
  analyzerFor: (field: string) => string,
): number {
  if (query.type === 'all') return 1;
  if (query.type !== 'bool')
    return leafScore(doc.fields.get(query.field), query, analyzerFor(query.field));
  let score = 0;
  let anyShould = false;
  let hasMust = false;
  for (const clause of query.clauses) {
    const s = scoreDocument(doc, clause.query, analyzerFor);
    if (clause.occur === 'must_not') {
      if (s > 0) return 0;
    } else if (clause.occur === 'must') {
      hasMust = true;
      if (s === 0) return 0;
      score += s;
    } else if (s > 0) {
      anyShould = true;
      score += s;
    }
  }
  return hasMust || anyShould ? score : 0;
}

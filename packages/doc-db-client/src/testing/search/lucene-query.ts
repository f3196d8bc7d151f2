/**
 * A Lucene classic-query-parser subset for the simulated Cloudant search: `field:term`, bare terms
 * (the `default` field), `*:*`, quoted phrases, `AND`/`OR`/`NOT` (and `&&`, `||`, `!`), `+`/`-`
 * prefixes, parentheses (also `field:(a b)`), wildcards (`ka*`, `k?yak`), ranges
 * (`[a TO b]`, `{a TO b}`, `*` for open ends) and backslash escapes. Boosts (`^2`) and fuzziness
 * (`~1`) are read and ignored. Like Lucene with its default OR operator, `a b` means "a or b",
 * `a AND b OR c` makes a and b required, and a purely negative query matches nothing.
 */
export type LuceneQuery =
  | { type: 'all' }
  | { type: 'term'; field: string; text: string }
  | { type: 'phrase'; field: string; text: string }
  | { type: 'wildcard'; field: string; pattern: string }
  | {
      type: 'range';
      field: string;
      lower: string | undefined;
      upper: string | undefined;
      includeLower: boolean;
      includeUpper: boolean;
    }
  | { type: 'bool'; clauses: LuceneClause[] };

export interface LuceneClause {
  occur: 'must' | 'should' | 'must_not';
  query: LuceneQuery;
}

/** Thrown for a query the parser cannot read; `message` says where. */
export class LuceneParseError extends Error {}

const SPECIAL = new Set([...'()[]{}:"^~'].concat([' ', '\t', '\n', '\r']));

export function parseLuceneQuery(text: string, defaultField = 'default'): LuceneQuery {
  let pos = 0;
  const fail = (what: string): never => {
    throw new LuceneParseError(`Cannot parse '${text}': ${what} at position ${pos}`);
  };
  const skipSpace = () => {
    while (pos < text.length && /\s/.test(text[pos] as string)) pos++;
  };
  const word = (w: string) =>
    text.startsWith(w, pos) &&
    (pos + w.length === text.length || SPECIAL.has(text[pos + w.length] as string));

  function readToken(): string {
    let out = '';
    while (pos < text.length && !SPECIAL.has(text[pos] as string)) {
      if (text[pos] === '\\') pos++;
      if (pos >= text.length) fail('a trailing backslash');
      out += text[pos++];
    }
    if (out === '') fail('a term was expected');
    return out;
  }

  function readQuoted(): string {
    pos++;
    let out = '';
    while (pos < text.length && text[pos] !== '"') {
      if (text[pos] === '\\') pos++;
      out += text[pos++] ?? '';
    }
    if (text[pos] !== '"') fail('an unterminated phrase');
    pos++;
    return out;
  }

  function skipModifiers(): void {
    while (text[pos] === '^' || text[pos] === '~') {
      pos++;
      while (pos < text.length && /[0-9.]/.test(text[pos] as string)) pos++;
    }
  }

  function readBound(): string | undefined {
    skipSpace();
    const value = text[pos] === '"' ? readQuoted() : readRangeToken();
    return value === '*' ? undefined : value;
  }
  function readRangeToken(): string {
    let out = '';
    while (pos < text.length && !/[\s\]}]/.test(text[pos] as string)) out += text[pos++];
    if (out === '') fail('a range bound was expected');
    return out;
  }

  function parseValue(field: string): LuceneQuery {
    const c = text[pos];
    if (c === '(') {
      pos++;
      const group = parseBoolean(field);
      if (text[pos] !== ')') fail("')' was expected");
      pos++;
      skipModifiers();
      return group;
    }
    if (c === '"') {
      const phrase = readQuoted();
      skipModifiers();
      return { type: 'phrase', field, text: phrase };
    }
    if (c === '[' || c === '{') {
      pos++;
      const lower = readBound();
      skipSpace();
      if (!word('TO')) fail("'TO' was expected");
      pos += 2;
      const upper = readBound();
      skipSpace();
      const close = text[pos];
      if (close !== ']' && close !== '}') fail("']' or '}' was expected");
      pos++;
      skipModifiers();
      return {
        type: 'range',
        field,
        lower,
        upper,
        includeLower: c === '[',
        includeUpper: close === ']',
      };
    }
    const token = readToken();
    skipModifiers();
    if (token === '*' && field === '*') return { type: 'all' };
    return /[*?]/.test(token)
      ? { type: 'wildcard', field, pattern: token }
      : { type: 'term', field, text: token };
  }

  function parseClause(field: string): LuceneQuery {
    skipSpace();
    if (text[pos] === '(' || text[pos] === '"' || text[pos] === '[' || text[pos] === '{')
      return parseValue(field);
    const start = pos;
    const token = readToken();
    if (text[pos] === ':') {
      pos++;
      skipSpace();
      return parseValue(token);
    }
    pos = start;
    return parseValue(field);
  }

  function parseBoolean(field: string): LuceneQuery {
    const clauses: LuceneClause[] = [];
    for (;;) {
      skipSpace();
      if (pos >= text.length || text[pos] === ')') break;
      let conj: 'and' | 'or' | undefined;
      if (word('AND') || text.startsWith('&&', pos)) conj = 'and';
      else if (word('OR') || text.startsWith('||', pos)) conj = 'or';
      if (conj) {
        if (clauses.length === 0) fail(`'${conj.toUpperCase()}' needs a clause before it`);
        pos += conj === 'and' ? (text[pos] === '&' ? 2 : 3) : 2;
        skipSpace();
      }
      let mod: 'required' | 'prohibited' | undefined;
      if (text[pos] === '+') mod = 'required';
      else if (text[pos] === '-' || text[pos] === '!') mod = 'prohibited';
      if (mod) pos++;
      else if (word('NOT')) {
        mod = 'prohibited';
        pos += 3;
      }
      const query = parseClause(field);
      // Lucene's QueryParserBase.addClause, default operator OR.
      const last = clauses.at(-1);
      if (last && conj === 'and' && last.occur !== 'must_not') last.occur = 'must';
      const required = mod === 'required' || (conj === 'and' && mod !== 'prohibited');
      clauses.push({
        occur: required ? 'must' : mod === 'prohibited' ? 'must_not' : 'should',
        query,
      });
    }
    if (clauses.length === 0) fail('a clause was expected');
    const only = clauses.length === 1 ? clauses[0] : undefined;
    return only && only.occur !== 'must_not' ? only.query : { type: 'bool', clauses };
  }

  const query = parseBoolean(defaultField);
  if (pos < text.length) fail(`unexpected '${text[pos]}'`);
  return query;
}

/** A comparison of a field query. */
export type FieldOperator = '==' | '=' | '!=' | '>' | '>=' | '<' | '<=';

/** A value on the right of a field operator: a literal, or an inclusive range `a..b`. */
export type QueryValue =
  | { kind: 'value'; text: string; quoted: boolean }
  | { kind: 'range'; from: string; to: string };

/** The parsed form of a query expression (`q`, `aq`, `cq`). */
export type QueryNode =
  | { kind: 'all' }
  | { kind: 'and' | 'or'; nodes: QueryNode[] }
  | { kind: 'not'; node: QueryNode }
  /** Free text over title and body: one word, or a phrase between double quotes. */
  | { kind: 'term'; text: string; phrase: boolean }
  /** `@field` alone (has a value), or `@field <op> value`, `@field <op> (a, b)`, `@field=a..b`. */
  | { kind: 'field'; field: string; operator: FieldOperator | undefined; values: QueryValue[] };

/** A query the simulator cannot run: what it does not support, and where. */
export class UnsupportedQueryError extends Error {
  override name = 'UnsupportedQueryError';
  constructor(
    readonly what: string,
    readonly position: number,
  ) {
    super(`${what} (at character ${position})`);
  }
}

const ADVANCED: Record<string, string> = {
  '*=': 'the wildcard field operator *=',
  '~=': 'the fuzzy field operator ~=',
  '%=': 'the phonetic field operator %=',
  '/=': 'the regular-expression field operator /=',
  '<>': 'the field operator <>',
};
const OPERATORS: readonly FieldOperator[] = ['==', '!=', '>=', '<=', '=', '>', '<'];
const KEYWORDS = new Set(['AND', 'OR', 'NOT']);
const NUMBER = /^[-+]?\d+(\.\d+)?$/;
const DATE = /^\d{4}[/-]\d{2}[/-]\d{2}(@\d{2}:\d{2}(:\d{2})?)?$/;
const RELATIVE = /^(now|today|yesterday)([-+]\d+[a-z]+)?$/i;
/** Characters that end a bare word or value. */
const STOP = new Set([' ', '\t', '\n', '\r', '(', ')', '"', ',']);

/** A literal a comparison or a range can order: a number or a date (`2024/01/31`, `2024-01-31@10:00`). */
export const isOrderedLiteral = (text: string): boolean => NUMBER.test(text) || DATE.test(text);
export const isNumberLiteral = (text: string): boolean => NUMBER.test(text);
export const isDateLiteral = (text: string): boolean => DATE.test(text);

/**
 * Parses the subset of the Coveo query syntax the simulator runs: `@field==value` (exact),
 * `@field=value` (contains), `!=`, `>`, `>=`, `<`, `<=`, ranges `a..b`, lists `(a, b)`, `@field`
 * alone, free-text words and "phrases", `AND` (or juxtaposition), `OR`, `NOT` (or `-`) and
 * parentheses. Anything else throws an {@link UnsupportedQueryError} naming it: a test never gets
 * zero results in silence from a query the simulator did not understand.
 */
export function parseQuery(text: string): QueryNode {
  return new Parser(text).parse();
}

class Parser {
  private i = 0;
  constructor(private readonly s: string) {}

  parse(): QueryNode {
    this.ws();
    if (this.eof()) return { kind: 'all' };
    const node = this.or();
    this.ws();
    if (!this.eof()) this.fail(`an unexpected ${JSON.stringify(this.s[this.i])}`);
    return node;
  }

  private fail(what: string, at = this.i): never {
    throw new UnsupportedQueryError(what, at);
  }
  private eof(): boolean {
    return this.i >= this.s.length;
  }
  private ws(): void {
    while (!this.eof() && /\s/.test(this.s[this.i] as string)) this.i++;
  }
  /** Consumes `word` when it stands alone here (an operator keyword, upper case as Coveo wants). */
  private keyword(word: string): boolean {
    if (!this.s.startsWith(word, this.i)) return false;
    const after = this.s[this.i + word.length];
    if (after !== undefined && !/[\s("@-]/.test(after)) return false;
    this.i += word.length;
    return true;
  }

  private or(): QueryNode {
    const nodes = [this.and()];
    for (;;) {
      this.ws();
      if (!this.keyword('OR')) break;
      nodes.push(this.and());
    }
    return nodes.length === 1 ? (nodes[0] as QueryNode) : { kind: 'or', nodes };
  }

  private and(): QueryNode {
    const nodes = [this.unary()];
    for (;;) {
      this.ws();
      if (this.eof() || this.s[this.i] === ')') break;
      const at = this.i;
      if (this.keyword('OR')) {
        this.i = at;
        break;
      }
      this.keyword('AND');
      nodes.push(this.unary());
    }
    return nodes.length === 1 ? (nodes[0] as QueryNode) : { kind: 'and', nodes };
  }

  private unary(): QueryNode {
    this.ws();
    if (this.eof()) this.fail('an operator without its right-hand side');
    if (this.keyword('NOT')) return { kind: 'not', node: this.unary() };
    if (this.s[this.i] === '-' && /[^\s-]/.test(this.s[this.i + 1] ?? ' ')) {
      this.i++;
      return { kind: 'not', node: this.primary() };
    }
    return this.primary();
  }

  private primary(): QueryNode {
    this.ws();
    const c = this.s[this.i];
    const at = this.i;
    if (c === '(') {
      this.i++;
      this.ws();
      if (this.s[this.i] === ')') this.fail('empty parentheses');
      const node = this.or();
      this.ws();
      if (this.s[this.i] !== ')') this.fail('a "(" without its ")"', at);
      this.i++;
      return node;
    }
    if (c === ')') this.fail('a ")" without its "("');
    if (c === '@') return this.field();
    if (c === '"') return { kind: 'term', text: this.quoted(), phrase: true };
    if (c === '$') this.fail('query extensions ($name(...))');
    if (this.s.startsWith('[[', this.i)) this.fail('nested queries ([[@field]] ...)');
    if (c === '+') this.i++;
    const word = this.bare();
    if (word === '') this.fail(`an unexpected ${JSON.stringify(this.s[this.i] ?? 'end')}`);
    if (/^NEAR(:\d+)?$/.test(word)) this.fail('the NEAR operator', at);
    if (KEYWORDS.has(word)) this.fail(`${word} without a left-hand side`, at);
    if (/[*?]/.test(word)) this.fail('wildcards (* and ?) in terms', at);
    return { kind: 'term', text: word, phrase: false };
  }

  private field(): QueryNode {
    const at = this.i;
    this.i++;
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.s.slice(this.i))?.[0];
    if (!name) this.fail('"@" without a field name', at);
    this.i += name.length;
    if (this.s[this.i] === '.') this.fail(`dictionary keys (@${name}.key)`);
    this.ws();
    const advanced = Object.keys(ADVANCED).find((op) => this.s.startsWith(op, this.i));
    if (advanced) this.fail(ADVANCED[advanced] as string);
    const operator = OPERATORS.find((op) => this.s.startsWith(op, this.i));
    if (!operator) return { kind: 'field', field: name, operator: undefined, values: [] };
    const opAt = this.i;
    this.i += operator.length;
    this.ws();
    const values: QueryValue[] = [];
    if (this.s[this.i] === '(') {
      this.i++;
      for (;;) {
        this.ws();
        values.push(this.value(operator));
        this.ws();
        if (this.s[this.i] === ',') this.i++;
        else if (this.s[this.i] === ')') {
          this.i++;
          break;
        } else this.fail(`a list after @${name}${operator} without its ")"`, opAt);
      }
    } else values.push(this.value(operator));
    return { kind: 'field', field: name, operator, values };
  }

  private value(operator: FieldOperator): QueryValue {
    const at = this.i;
    const first = this.literal();
    if (!this.s.startsWith('..', this.i)) {
      if (!first.quoted && RELATIVE.test(first.text))
        this.fail('relative dates (now, today, yesterday)', at);
      if (!first.quoted && /[*?]/.test(first.text)) this.fail('wildcards (* and ?) in values', at);
      if (['>', '>=', '<', '<='].includes(operator) && !isOrderedLiteral(first.text))
        this.fail(`${operator} with a value that is not a number or a date`, at);
      return { kind: 'value', ...first };
    }
    this.i += 2;
    const second = this.literal();
    if (operator !== '=' && operator !== '==') this.fail(`a range after ${operator}`, at);
    const kinds = [first.text, second.text].map((t) =>
      isNumberLiteral(t) ? 'number' : isDateLiteral(t) ? 'date' : 'other',
    );
    if (kinds[0] === 'other' || kinds[0] !== kinds[1])
      this.fail('a range that is not two numbers or two dates', at);
    return { kind: 'range', from: first.text, to: second.text };
  }

  private literal(): { text: string; quoted: boolean } {
    if (this.s[this.i] === '"') return { text: this.quoted(), quoted: true };
    const text = this.bare();
    if (text === '') this.fail('a field operator without a value');
    return { text, quoted: false };
  }

  /** A bare word or value: up to a space, a parenthesis, a quote, a comma or `..`. */
  private bare(): string {
    const start = this.i;
    while (!this.eof() && !STOP.has(this.s[this.i] as string) && !this.s.startsWith('..', this.i))
      this.i++;
    return this.s.slice(start, this.i);
  }

  /** `"..."` with `\"` and `\\` escaped. */
  private quoted(): string {
    const at = this.i;
    this.i++;
    let out = '';
    while (!this.eof() && this.s[this.i] !== '"') {
      if (this.s[this.i] === '\\' && this.i + 1 < this.s.length) this.i++;
      out += this.s[this.i];
      this.i++;
    }
    if (this.eof()) this.fail('a quote without its closing quote', at);
    this.i++;
    return out;
  }
}

import { CouchHttpError } from '../routes/http-io.js';
import { erlangTerm } from './erlang-term.js';

/** Evaluates a Mango selector against a document (the operators tests and followers use). */
export function matchesSelector(
  doc: Record<string, unknown>,
  selector: Record<string, unknown>,
): boolean {
  return Object.entries(selector).every(([key, condition]) => {
    if (key === '$and')
      return (condition as Record<string, unknown>[]).every((s) => matchesSelector(doc, s));
    if (key === '$or')
      return (condition as Record<string, unknown>[]).some((s) => matchesSelector(doc, s));
    if (key === '$nor')
      return !(condition as Record<string, unknown>[]).some((s) => matchesSelector(doc, s));
    if (key === '$not') return !matchesSelector(doc, condition as Record<string, unknown>);
    return matchesCondition(fieldValue(doc, key), condition);
  });
}

/** The value at a dotted path (`a.b.c`), or undefined. */
export function fieldValue(doc: Record<string, unknown>, path: string): unknown {
  let current: unknown = doc;
  for (const part of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function isOperatorObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).every((k) => k.startsWith('$'))
  );
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

function matchesCondition(value: unknown, condition: unknown): boolean {
  if (!isOperatorObject(condition)) {
    if (typeof condition === 'object' && condition !== null && !Array.isArray(condition)) {
      return (
        typeof value === 'object' &&
        value !== null &&
        matchesSelector(value as Record<string, unknown>, condition as Record<string, unknown>)
      );
    }
    return JSON.stringify(value) === JSON.stringify(condition);
  }
  return Object.entries(condition).every(([op, arg]) => {
    switch (op) {
      case '$eq':
        return JSON.stringify(value) === JSON.stringify(arg);
      case '$ne':
        return JSON.stringify(value) !== JSON.stringify(arg);
      case '$gt':
        return value !== undefined && compare(value, arg) > 0;
      case '$gte':
        return value !== undefined && compare(value, arg) >= 0;
      case '$lt':
        return value !== undefined && compare(value, arg) < 0;
      case '$lte':
        return value !== undefined && compare(value, arg) <= 0;
      case '$in':
        return (arg as unknown[]).some((x) => JSON.stringify(x) === JSON.stringify(value));
      case '$nin':
        return !(arg as unknown[]).some((x) => JSON.stringify(x) === JSON.stringify(value));
      case '$exists':
        return (value !== undefined) === arg;
      case '$not':
        return !matchesCondition(value, arg);
      case '$regex':
        return typeof value === 'string' && compileRegex(arg)?.test(value) === true;
      case '$size':
        return Array.isArray(value) && value.length === arg;
      case '$all':
        return (
          Array.isArray(value) &&
          (arg as unknown[]).every((x) =>
            value.some((y) => JSON.stringify(x) === JSON.stringify(y)),
          )
        );
      case '$elemMatch':
        return Array.isArray(value) && value.some((item) => matchesCondition(item, arg));
      case '$allMatch':
        return (
          Array.isArray(value) &&
          value.length > 0 &&
          value.every((item) => matchesCondition(item, arg))
        );
      case '$type':
        return typeName(value) === arg;
      case '$mod': {
        const [divisor, remainder] = arg as [number, number];
        return Number.isInteger(value) && (value as number) % divisor === remainder;
      }
      case '$beginsWith':
        return typeof value === 'string' && typeof arg === 'string' && value.startsWith(arg);
      default:
        return false;
    }
  });
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'undefined' ? 'undefined' : typeof value;
}

const COMBINATIONS = new Set(['$and', '$or', '$nor']);
const CONDITIONS = new Set([
  '$eq',
  '$ne',
  '$gt',
  '$gte',
  '$lt',
  '$lte',
  '$in',
  '$nin',
  '$exists',
  '$not',
  '$regex',
  '$size',
  '$all',
  '$elemMatch',
  '$allMatch',
  '$type',
  '$mod',
  '$beginsWith',
]);

/**
 * Checks a selector as Mango does before running it: an object, known operators, arrays where
 * arrays belong. Throws CouchDB's 400 envelopes (`invalid_selector_json`, `invalid_operator`,
 * `bad_arg`); the matcher itself then never meets a shape it cannot handle.
 */
export function validateSelector(selector: unknown): asserts selector is Record<string, unknown> {
  if (typeof selector !== 'object' || selector === null || Array.isArray(selector))
    throw new CouchHttpError(
      400,
      'invalid_selector_json',
      `Selector must be a JSON object, not: ${erlangTerm(selector)}`,
    );
  for (const [key, condition] of Object.entries(selector)) {
    if (COMBINATIONS.has(key)) {
      if (!Array.isArray(condition)) throw badArg(key, condition);
      for (const item of condition) validateSelector(item);
    } else if (key === '$not') validateSelector(condition);
    else if (key.startsWith('$')) throw invalidOperator(key);
    else validateCondition(condition);
  }
}

function validateCondition(condition: unknown): void {
  if (typeof condition !== 'object' || condition === null || Array.isArray(condition)) return;
  for (const [op, arg] of Object.entries(condition)) {
    if (!op.startsWith('$')) {
      validateSelector(condition);
      return;
    }
    if (!CONDITIONS.has(op)) throw invalidOperator(op);
    const needsArray = ['$in', '$nin', '$all', '$mod'].includes(op);
    if (needsArray && !Array.isArray(arg)) throw badArg(op, arg);
    if (op === '$regex' && !compileRegex(arg)) throw badArg(op, arg);
    if (op === '$not' || op === '$elemMatch' || op === '$allMatch') validateCondition(arg);
  }
}

const invalidOperator = (op: string) =>
  new CouchHttpError(400, 'invalid_operator', `Invalid operator: ${op}`);
const badArg = (op: string, arg: unknown) =>
  new CouchHttpError(400, 'bad_arg', `Bad argument for operator ${op}: ${erlangTerm(arg)}`);

/** Compiled `$regex` patterns (a query tests one against every document). */
const regexes = new Map<string, RegExp>();

/** The pattern compiled, or undefined when it is not a string or does not compile. */
function compileRegex(pattern: unknown): RegExp | undefined {
  if (typeof pattern !== 'string') return undefined;
  let regex = regexes.get(pattern);
  if (!regex) {
    try {
      regex = new RegExp(pattern);
    } catch {
      return undefined;
    }
    if (regexes.size > 1000) regexes.clear();
    regexes.set(pattern, regex);
  }
  return regex;
}

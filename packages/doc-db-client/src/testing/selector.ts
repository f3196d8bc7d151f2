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

function fieldValue(doc: Record<string, unknown>, path: string): unknown {
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
        return typeof value === 'string' && new RegExp(String(arg)).test(value);
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
      default:
        return false;
    }
  });
}

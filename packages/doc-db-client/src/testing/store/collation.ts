/**
 * CouchDB's view collation: null < false < true < numbers < strings < arrays < objects.
 * Strings compare like ICU's root collation (case-insensitive first, lowercase before uppercase);
 * `Intl.Collator` is a close stand-in, with a code-unit comparison to break its ties so the order
 * stays total. Document ids in `_all_docs` use raw (code-unit) order instead: see `compareRaw`.
 */
const strings = new Intl.Collator('en', { sensitivity: 'variant', caseFirst: 'lower' });

function rank(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (value === false) return 1;
  if (value === true) return 2;
  if (typeof value === 'number') return 3;
  if (typeof value === 'string') return 4;
  if (Array.isArray(value)) return 5;
  return 6;
}

/** Code-unit order, as `_all_docs` sorts document ids. */
export function compareRaw(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Compares two JSON values in CouchDB view order. */
export function collate(a: unknown, b: unknown): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case 3:
      return (a as number) - (b as number);
    case 4:
      return strings.compare(a as string, b as string) || compareRaw(a as string, b as string);
    case 5: {
      const x = a as unknown[];
      const y = b as unknown[];
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const c = collate(x[i], y[i]);
        if (c !== 0) return c;
      }
      return x.length - y.length;
    }
    case 6: {
      // Objects compare member by member, in their order: key first, then value.
      const x = Object.entries(a as Record<string, unknown>);
      const y = Object.entries(b as Record<string, unknown>);
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const [kx, vx] = x[i] as [string, unknown];
        const [ky, vy] = y[i] as [string, unknown];
        const c = collate(kx, ky) || collate(vx, vy);
        if (c !== 0) return c;
      }
      return x.length - y.length;
    }
    default:
      return 0;
  }
}

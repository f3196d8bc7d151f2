import { DateInputSchema } from '../document-rules.js';
import { check } from './check.js';

/** Epoch milliseconds of a date given as a `Date`, a date string or a number (ms). */
export function toOrderingIdValue(value: Date | string | number, field = 'orderingId'): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  return Date.parse(check(DateInputSchema, value, 'call', field));
}

import * as v from 'valibot';
import { check } from './check.js';

/** The largest time a `Date` holds, in epoch ms. */
const MAX_EPOCH_MS = 8.64e15;

const OrderingIdInput = v.pipe(
  v.union(
    [
      v.pipe(
        v.number('must be epoch milliseconds'),
        v.integer('must be whole epoch milliseconds'),
        v.minValue(0, 'must not be before 1970'),
        v.maxValue(MAX_EPOCH_MS, 'must be a date a Date can hold'),
      ),
      v.date('must be a valid Date'),
      v.pipe(v.string(), v.maxLength(100, 'must be a date string')),
    ],
    'must be a Date, a date string or epoch milliseconds',
  ),
  v.transform((d) => (typeof d === 'number' ? d : new Date(d).getTime())),
  v.check((ms) => Number.isFinite(ms), 'must be a valid date'),
  v.check((ms) => ms >= 0, 'must not be before 1970'),
);

/** Epoch milliseconds of a date given as a `Date`, a date string or a number (ms). */
export function toOrderingIdValue(
  value: Date | string | number,
  field = 'orderingId',
  subject = 'call',
): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  return check(OrderingIdInput, value, subject, field);
}

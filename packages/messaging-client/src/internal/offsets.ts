import { isAmsServiceException } from '../errors.js';
import type { AmsCore, CallOptions } from './ams-core.js';
import { OffsetSchema, TimeSchema, WhichOffsetSchema } from './call-schemas.js';
import { check, checkCall } from './input-rules.js';
import { subPath } from './subscriptions.js';
import { EmptyWire, OffsetsWire, OffsetWire } from './wire-schemas.js';

/** A subscription's offsets in its topic, as GET `…:offsets` returns them. */
export interface Offsets {
  /** The next offset to be written (one past the newest message). */
  max: number;
  /** The oldest offset still retained (about 7 days). */
  min: number;
  /** The committed cursor: the next pull starts there. */
  current: number;
}

export async function getoffsetsSub(
  core: AmsCore,
  sub: string,
  options?: CallOptions,
): Promise<Offsets>;
export async function getoffsetsSub(
  core: AmsCore,
  sub: string,
  which: 'max' | 'min' | 'current',
  options?: CallOptions,
): Promise<number>;
export async function getoffsetsSub(
  core: AmsCore,
  sub: string,
  which?: 'max' | 'min' | 'current' | CallOptions,
  options?: CallOptions,
): Promise<Offsets | number>;
export async function getoffsetsSub(
  core: AmsCore,
  sub: string,
  which?: 'max' | 'min' | 'current' | CallOptions,
  options: CallOptions = {},
): Promise<Offsets | number> {
  const path = subPath(core, sub);
  if (typeof which === 'string') check(WhichOffsetSchema, which, 'which');
  const opts = typeof which === 'string' ? options : which;
  checkCall(opts, 'getoffsetsSub');
  const offsets = await core.call('sub_offsets', `${path}:offsets`, OffsetsWire, {
    options: opts,
  });
  return typeof which === 'string' ? offsets[which] : offsets;
}

export async function modifyoffsetSub(
  core: AmsCore,
  sub: string,
  offset: number,
  options: CallOptions = {},
): Promise<void> {
  const path = subPath(core, sub);
  check(OffsetSchema, offset, 'offset');
  checkCall(options, 'modifyoffsetSub');
  await core.call('sub_mod_offset', `${path}:modifyOffset`, EmptyWire, {
    method: 'POST',
    body: { offset },
    options,
    idempotent: true,
  });
}

export async function timeToOffsetSub(
  core: AmsCore,
  sub: string,
  time: Date,
  options: CallOptions = {},
): Promise<number> {
  const path = subPath(core, sub);
  check(TimeSchema, time, 'time');
  checkCall(options, 'timeToOffsetSub');
  const result = await core.call('sub_timeToOffset', `${path}:timeToOffset`, OffsetWire, {
    searchParams: { time: time.toISOString() },
    options,
  });
  return result.offset;
}

export async function seekToTime(
  core: AmsCore,
  sub: string,
  time: Date,
  options: CallOptions = {},
): Promise<number> {
  subPath(core, sub);
  check(TimeSchema, time, 'time');
  checkCall(options, 'seekToTime');
  const { min, max } = await getoffsetsSub(core, sub, options);
  let target: number;
  try {
    target = await timeToOffsetSub(core, sub, time, options);
  } catch (error) {
    if (!(isAmsServiceException(error) && error.status === 409)) throw error;
    target = max;
  }
  const clamped = Math.min(max, Math.max(min, target));
  await modifyoffsetSub(core, sub, clamped, options);
  return clamped;
}

export async function seekToStart(
  core: AmsCore,
  sub: string,
  options: CallOptions = {},
): Promise<number> {
  subPath(core, sub);
  checkCall(options, 'seekToStart');
  const { min } = await getoffsetsSub(core, sub, options);
  await modifyoffsetSub(core, sub, min, options);
  return min;
}

export async function seekToEnd(
  core: AmsCore,
  sub: string,
  options: CallOptions = {},
): Promise<number> {
  subPath(core, sub);
  checkCall(options, 'seekToEnd');
  const { max } = await getoffsetsSub(core, sub, options);
  await modifyoffsetSub(core, sub, max, options);
  return max;
}

import type { FaultInjector, SimulatorClock } from '@connectorkit/http-core/testing';
import * as v from 'valibot';
import { anObject } from '../internal/http-options.js';
import { uriLike } from '../internal/text-rules.js';
import { PushState } from '../push-state.js';

const fn = v.custom<() => number>((f) => typeof f === 'function', 'must be a function');
/** The simulator's options, checked when it is made. */
export const SimulatorOptionsSchema: v.GenericSchema<object> = v.pipe(
  anObject('must be an options object'),
  v.looseObject({
    connectorName: v.optional(uriLike(false)),
    connectorTypes: v.optional(
      v.array(v.string('must be a string'), 'must be an array of strings'),
    ),
    login: v.optional(v.string('must be a string')),
    password: v.optional(v.string('must be a string')),
    state: v.optional(v.instance(PushState, 'must be a PushState')),
    faults: v.optional(
      v.custom<object>(
        (f) =>
          typeof f === 'object' &&
          f !== null &&
          (typeof (f as Partial<FaultInjector>).wrap === 'function' || !Array.isArray(f)),
        'must be a fault injector (createFaultInjector) or its options',
      ),
    ),
    clock: v.optional(
      v.custom<object>(
        (c) =>
          typeof c === 'function' ||
          (typeof c === 'object' &&
            typeof (c as Partial<SimulatorClock> | null)?.now === 'function'),
        'must be a function returning ms or a SimulatorClock (createSimulatorClock)',
      ),
    ),
    now: v.optional(fn),
    indexingDelayMs: v.optional(
      v.pipe(
        v.number('must be a number of ms'),
        v.safeInteger('must be a whole number of ms'),
        v.minValue(0, 'must be 0 or more'),
      ),
    ),
  }),
);

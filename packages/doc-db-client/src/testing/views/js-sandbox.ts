import { createContext, Script } from 'node:vm';
import { CouchHttpError } from '../routes/http-io.js';

/** A design-document function compiled in its own node:vm context. */
export interface SandboxFunction {
  /**
   * Calls the function on JSON-encoded arguments (parsed inside the sandbox, so it can neither
   * reach nor change the simulator's objects) and returns what it returned, as plain JSON.
   */
  call(argsJson: string): unknown;
}

/** CouchDB's `os_process_timeout` default: a function running longer fails the query. */
const CALL_TIMEOUT_MS = 5000;
const runner = new Script('__result = JSON.stringify(__fn(...JSON.parse(__args)) ?? null)');

/**
 * Compiles `source` (a `function (...) {...}` expression) with `globals` (such as `emit` or
 * `index`) in scope. A source that is not a function is CouchDB's 400 `compilation_error`
 * (CouchDB reports it when the design document is saved; the simulator when it is first used).
 */
export function compileFunction(
  source: unknown,
  globals: Record<string, unknown>,
  where: string,
): SandboxFunction {
  const context = createContext({
    ...globals,
    log: () => {},
    isArray: Array.isArray,
    toJSON: JSON.stringify,
    sum: (values: number[]) => values.reduce((a, b) => a + b, 0),
    __fn: undefined,
    __args: '[]',
    __result: 'null',
  });
  try {
    if (typeof source !== 'string') throw new TypeError('not a string');
    context.__fn = new Script(`(${source})`).runInContext(context, { timeout: CALL_TIMEOUT_MS });
    if (typeof context.__fn !== 'function') throw new TypeError('not a function');
  } catch (error) {
    throw new CouchHttpError(
      400,
      'compilation_error',
      `Compilation of the ${where} failed: ${String((error as Error).message ?? error)}`,
    );
  }
  return {
    call: (argsJson) => {
      context.__args = argsJson;
      try {
        runner.runInContext(context, { timeout: CALL_TIMEOUT_MS });
      } catch (error) {
        if ((error as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT')
          throw new CouchHttpError(500, 'os_process_error', 'timeout');
        throw error;
      }
      return JSON.parse(String(context.__result));
    },
  };
}

/** Runs a per-document function that reports through a callback global (`emit`, `index`). */
export function compileDocumentFunction<T>(
  source: unknown,
  callbackName: string,
  toEntry: (...args: unknown[]) => T,
  where: string,
): (doc: Record<string, unknown>) => T[] {
  let collected: T[] = [];
  const fn = compileFunction(
    source,
    {
      [callbackName]: (...args: unknown[]) => {
        // Values come from the sandbox's realm: copy them out as plain JSON.
        collected.push(toEntry(...args.map((a) => (a === undefined ? null : copyJson(a)))));
      },
    },
    where,
  );
  return (doc) => {
    collected = [];
    try {
      fn.call(JSON.stringify([doc]));
    } catch (error) {
      // CouchDB skips (and logs) a document its function throws on; a timeout fails the query.
      if (error instanceof CouchHttpError) throw error;
      return [];
    }
    return collected;
  };
}

function copyJson(value: unknown): unknown {
  const text = JSON.stringify(value);
  return text === undefined ? null : JSON.parse(text);
}

/**
 * A signal that aborts when `stop` (if any) does or after `ms`, and a `release()` that drops the
 * timer and the listener on `stop` as soon as the request is over. (`AbortSignal.any` with
 * `AbortSignal.timeout` leaves a timer pending for the whole bound and a dependent registered on
 * the long-lived stop signal after every request.)
 */
export function boundedSignal(
  stop: AbortSignal | undefined,
  ms: number,
): { signal: AbortSignal; release(): void } {
  const controller = new AbortController();
  const onStop = () => controller.abort(stop?.reason);
  if (stop?.aborted) onStop();
  else stop?.addEventListener('abort', onStop, { once: true });
  const timer = setTimeout(
    () =>
      controller.abort(new DOMException(`The request took longer than ${ms} ms`, 'TimeoutError')),
    ms,
  );
  timer.unref?.();
  return {
    signal: controller.signal,
    release() {
      clearTimeout(timer);
      stop?.removeEventListener('abort', onStop);
    },
  };
}

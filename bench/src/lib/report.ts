/** One measured contender of a benchmark. */
export interface Figure {
  name: string;
  /** The figure compared, bigger or smaller is better as `better` says. */
  value: number;
  unit: string;
  /** Extra columns (peak RSS, CPU per op ...). */
  extra?: Record<string, string>;
}

/** Prints a table of figures and each one's ratio to `baseline`, in the direction that reads well. */
export function printTable(
  title: string,
  figures: readonly Figure[],
  options: { baseline: string; better: 'higher' | 'lower' },
): void {
  const base = figures.find((f) => f.name === options.baseline);
  console.log(`\n## ${title}`);
  const rows = figures.map((f) => {
    const ratio = base ? f.value / base.value : Number.NaN;
    return {
      contender: f.name,
      [f.unit]: round(f.value),
      [`vs ${options.baseline}`]: `${ratio.toFixed(3)}x`,
      ...f.extra,
    };
  });
  console.table(rows);
  console.log(
    options.better === 'lower'
      ? `(lower ${figures[0]?.unit} is better; a ratio under 1 beats ${options.baseline})`
      : `(higher ${figures[0]?.unit} is better; a ratio over 1 beats ${options.baseline})`,
  );
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function round(value: number): number {
  return value >= 100 ? Math.round(value) : Math.round(value * 100) / 100;
}

/** Tracks the peak resident set size while `fn` runs, sampling every 20 ms. */
export async function withPeakRss<T>(
  fn: () => Promise<T>,
): Promise<{ result: T; peakRssMb: number }> {
  globalThis.gc?.();
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  try {
    const result = await fn();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { result, peakRssMb: peak / 1024 / 1024 };
  } finally {
    clearInterval(timer);
  }
}

/** Runs `fn` and returns the process CPU time it used, in microseconds. */
export async function cpuMicros(fn: () => Promise<unknown>): Promise<number> {
  const start = process.cpuUsage();
  await fn();
  const used = process.cpuUsage(start);
  return used.user + used.system;
}

/** Runs `count` calls of `op` with `concurrency` workers. */
export async function runConcurrent(
  count: number,
  concurrency: number,
  op: (index: number) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await op(next++);
    }),
  );
}

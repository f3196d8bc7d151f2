/** Reports progress: bars redrawn in place on a terminal, one plain line per step otherwise. */
export interface Progress {
  stage(name: string, total: number): void;
  advance(name: string, by?: number): void;
  done(name: string): void;
  log(message: string): void;
}

export interface ProgressOptions {
  /** @default Date.now */
  now?: () => number;
  /** Least time between two redraws of the bars on a terminal, in ms. @default 100 */
  redrawEveryMs?: number;
}

interface Stage {
  total: number;
  current: number;
  startedAt: number;
  lastQuarter: number;
}

/** `1.2 s`, `45 s`, `3 min 05 s`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  const seconds = ms / 1000;
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`;
}

/** `current/total, rate/s, time left` of one stage. */
function figures(s: Stage, now: number): string {
  const elapsed = now - s.startedAt;
  const rate = elapsed > 0 ? (s.current / elapsed) * 1000 : 0;
  const left = s.current >= s.total ? 0 : rate > 0 ? ((s.total - s.current) / rate) * 1000 : NaN;
  return `${s.current}/${s.total}  ${Math.round(rate)}/s  ${s.current >= s.total ? `done in ${formatDuration(elapsed)}` : `${formatDuration(left)} left`}`;
}

export function createProgress(
  out: NodeJS.WriteStream | { write(s: string): boolean; isTTY?: boolean },
  mode: 'auto' | 'plain' | 'silent' = 'auto',
  options: ProgressOptions = {},
): Progress {
  if (mode === 'silent') return { stage() {}, advance() {}, done() {}, log() {} };
  const now = options.now ?? Date.now;
  const redrawEveryMs = options.redrawEveryMs ?? 100;
  const stages = new Map<string, Stage>();
  const width = () => Math.max(0, ...[...stages.keys()].map((name) => name.length));
  const tty = mode === 'auto' && out.isTTY === true;
  // On a terminal every open stage has its own line; the block is redrawn in place.
  let drawnLines = 0;
  let lastDraw = Number.NEGATIVE_INFINITY;
  const line = (name: string, s: Stage, at: number) => {
    const ratio = s.total > 0 ? Math.min(1, s.current / s.total) : 1;
    const filled = Math.round(ratio * 24);
    return `${name.padEnd(width())} [${'#'.repeat(filled)}${'.'.repeat(24 - filled)}] ${figures(s, at)}`;
  };
  const draw = (force: boolean) => {
    const at = now();
    if (!force && at - lastDraw < redrawEveryMs) return;
    lastDraw = at;
    const up = drawnLines > 0 ? `\x1b[${drawnLines}F` : '';
    const lines = [...stages].map(([name, s]) => `\x1b[2K${line(name, s, at)}`);
    out.write(`${up}${lines.join('\n')}\n`);
    drawnLines = lines.length;
  };
  const stageOf = (name: string) => stages.get(name);
  return {
    stage(name, total) {
      stages.set(name, { total, current: 0, startedAt: now(), lastQuarter: 0 });
      if (tty) draw(true);
      else out.write(`${name}: started (${total})\n`);
    },
    advance(name, by = 1) {
      const s = stageOf(name);
      if (!s) return;
      s.current += by;
      if (tty) return draw(false);
      const quarter = s.total > 0 ? Math.floor((s.current / s.total) * 4) : 4;
      if (quarter > s.lastQuarter && quarter < 4) {
        s.lastQuarter = quarter;
        out.write(`${name}: ${figures(s, now())}\n`);
      }
    },
    done(name) {
      const s = stageOf(name);
      if (!s) return;
      if (tty) draw(true);
      else out.write(`${name}: ${figures({ ...s, total: s.current }, now())}\n`);
    },
    log(message) {
      if (tty && drawnLines > 0) {
        // Above the bars: move up, write the line, then draw the bars again below it.
        out.write(`\x1b[${drawnLines}F\x1b[0J${message}\n`);
        drawnLines = 0;
        draw(true);
      } else out.write(`${message}\n`);
    },
  };
}

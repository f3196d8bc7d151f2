/** Reports progress: bars redrawn in place on a terminal, one plain line per step otherwise. */
export interface Progress {
  stage(name: string, total: number): void;
  advance(name: string, by?: number): void;
  done(name: string): void;
  log(message: string): void;
}

export function createProgress(
  out: NodeJS.WriteStream | { write(s: string): boolean; isTTY?: boolean },
  mode: 'auto' | 'plain' | 'silent' = 'auto',
): Progress {
  const stages = new Map<string, { total: number; current: number; lastPercent: number }>();
  if (mode === 'silent') {
    return { stage() {}, advance() {}, done() {}, log() {} };
  }
  const tty = mode === 'auto' && out.isTTY === true;
  const bar = (name: string) => {
    const s = stages.get(name);
    if (!s) return '';
    const ratio = s.total > 0 ? Math.min(1, s.current / s.total) : 1;
    const filled = Math.round(ratio * 30);
    return `${name.padEnd(28)} [${'#'.repeat(filled)}${'.'.repeat(30 - filled)}] ${s.current}/${s.total}`;
  };
  return {
    stage(name, total) {
      stages.set(name, { total, current: 0, lastPercent: -1 });
      if (tty) out.write(`${bar(name)}\r`);
      else out.write(`${name}: started (${total})\n`);
    },
    advance(name, by = 1) {
      const s = stages.get(name);
      if (!s) return;
      s.current += by;
      if (tty) out.write(`\r${bar(name)}`);
      else {
        const percent = s.total > 0 ? Math.floor((s.current / s.total) * 4) * 25 : 100;
        if (percent > s.lastPercent && percent < 100) {
          s.lastPercent = percent;
          if (percent > 0) out.write(`${name}: ${s.current}/${s.total}\n`);
        }
      }
    },
    done(name) {
      const s = stages.get(name);
      if (tty) out.write(`\r${bar(name)}\n`);
      else out.write(`${name}: done (${s?.current ?? 0})\n`);
    },
    log(message) {
      out.write(`${message}\n`);
    },
  };
}

import { describe, expect, it } from 'vitest';
import { createProgress, formatDuration } from './progress.js';

function sink(isTTY: boolean) {
  const writes: string[] = [];
  return { out: { isTTY, write: (s: string) => writes.push(s) > 0 }, writes };
}

describe('progress', () => {
  it('plain lines say the rate and the time left, then how long the stage took', () => {
    let now = 0;
    const { out, writes } = sink(false);
    const progress = createProgress(out, 'plain', { now: () => now });
    progress.stage('seed CouchDB', 1000);
    now = 2000;
    progress.advance('seed CouchDB', 250);
    now = 4000;
    progress.advance('seed CouchDB', 250);
    now = 8000;
    progress.advance('seed CouchDB', 500);
    progress.done('seed CouchDB');
    expect(writes).toEqual([
      'seed CouchDB: started (1000)\n',
      'seed CouchDB: 250/1000  125/s  6.0 s left\n',
      'seed CouchDB: 500/1000  125/s  4.0 s left\n',
      'seed CouchDB: 1000/1000  125/s  done in 8.0 s\n',
    ]);
  });

  it('on a terminal keeps one bar per stage and redraws at most every 100 ms', () => {
    let now = 0;
    const { out, writes } = sink(true);
    const progress = createProgress(out, 'auto', { now: () => now });
    progress.stage('seed CouchDB', 100);
    progress.stage('consume, push to Coveo and Exalead', 100);
    const before = writes.length;
    for (let i = 0; i < 50; i++) {
      now += 10;
      progress.advance('seed CouchDB');
    }
    // 50 advances over 500 ms: five redraws, not fifty.
    expect(writes.length - before).toBe(5);
    const last = writes.at(-1) as string;
    expect(last.split('\n').filter(Boolean)).toHaveLength(2);
    expect(last).toContain('seed CouchDB');
    expect(last).toContain('consume, push to Coveo and Exalead');
    expect(last).toContain('50/100  100/s  0.5 s left');
  });

  it('formats durations a person reads', () => {
    expect(formatDuration(1234)).toBe('1.2 s');
    expect(formatDuration(45_000)).toBe('45 s');
    expect(formatDuration(185_000)).toBe('3 min 05 s');
    expect(formatDuration(Number.NaN)).toBe('?');
  });
});

import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LightHeaders } from './light-headers.js';

type Step = [op: 'append' | 'set' | 'delete', name: string, value?: string];

/** Applies the same steps to LightHeaders and to the platform's Headers and returns both views. */
function both(init: Record<string, string> | [string, string][], steps: Step[]) {
  const light = new LightHeaders(init);
  const platform = new Headers(init);
  for (const [op, name, value] of steps) {
    if (op === 'delete') {
      light.delete(name);
      platform.delete(name);
    } else {
      light[op](name, value as string);
      platform[op](name, value as string);
    }
  }
  const view = (h: Headers) => ({
    entries: [...h],
    keys: [...h.keys()],
    values: [...h.values()],
    cookies: h.getSetCookie(),
    get: ['accept', 'X-Multi', 'set-cookie', 'missing'].map((n) => h.get(n)),
    has: ['ACCEPT', 'x-multi', 'missing'].map((n) => h.has(n)),
  });
  return { light: view(light), platform: view(platform) };
}

describe('LightHeaders', () => {
  it('reads, writes and iterates as the platform Headers do', () => {
    const cases: [Record<string, string> | [string, string][], Step[]][] = [
      [{ Accept: ' application/json ', 'User-Agent': 'ua' }, []],
      [
        [
          ['X-Multi', 'a'],
          ['x-multi', 'b'],
        ],
        [['append', 'X-MULTI', ' c ']],
      ],
      [
        {},
        [
          ['append', 'Set-Cookie', 'a=1'],
          ['append', 'set-cookie', 'b=2'],
          ['set', 'z', '1'],
        ],
      ],
      [
        { accept: 'x', b: 'y' },
        [
          ['set', 'ACCEPT', 'z'],
          ['delete', 'B'],
          ['append', 'a', '1'],
        ],
      ],
      [
        {},
        [
          ['append', 'set-cookie', 'a=1'],
          ['set', 'Set-Cookie', 'c=3'],
        ],
      ],
    ];
    for (const [init, steps] of cases) {
      const { light, platform } = both(init, steps);
      expect(light).toEqual(platform);
    }
  });

  it('copies with clone() and is accepted by fetch as headers', async () => {
    const original = new LightHeaders({ 'X-A': '1' });
    const copy = original.clone();
    copy.set('x-b', '2');
    expect([...original]).toEqual([['x-a', '1']]);
    expect([...copy]).toEqual([
      ['x-a', '1'],
      ['x-b', '2'],
    ]);
    expect(Object.fromEntries(new Headers(copy))).toEqual({ 'x-a': '1', 'x-b': '2' });
  });

  it('lets a client over nodeHttpTransport() talk plain HTTP without loading undici or TLS', () => {
    const child = fileURLToPath(new URL('./no-undici-child.ts', import.meta.url));
    const out = JSON.parse(
      execFileSync(process.execPath, ['--import', 'tsx', child], { encoding: 'utf8' }),
    ) as { etag: string; bytes: number; undici: string[]; tls: string[] };
    expect(out.etag).toBe('"1-a"');
    expect(out.bytes).toBe('{"ok":true}'.length);
    expect(out.undici).toEqual([]);
    expect(out.tls).toEqual([]);
  });
});

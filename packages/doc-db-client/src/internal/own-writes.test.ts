import { describe, expect, it } from 'vitest';
import { isOwnRevision } from './own-writes.js';

const stored = (start: number, ids: string[], body: Record<string, unknown>) => ({
  _id: 'a',
  _rev: `${start}-${ids[0]}`,
  _revisions: { start, ids },
  ...body,
});

describe('a revision is this call’s own only when it is provably so', () => {
  const update = {
    id: 'a',
    rev: '3-c',
    json: '{"_id":"a","_rev":"3-c","v":1,"o":{"x":1,"y":[2]}}',
  };

  it('the next revision after the one sent, from it, with the body sent (keys in any order)', () => {
    expect(isOwnRevision(update, stored(4, ['d', 'c', 'b'], { o: { y: [2], x: 1.0 }, v: 1 }))).toBe(
      true,
    );
  });

  it('not from another parent, another position, or with another body', () => {
    expect(isOwnRevision(update, stored(4, ['d', 'z'], { v: 1, o: { x: 1, y: [2] } }))).toBe(false);
    expect(isOwnRevision(update, stored(5, ['e', 'd', 'c'], { v: 1, o: { x: 1, y: [2] } }))).toBe(
      false,
    );
    expect(isOwnRevision(update, stored(4, ['d', 'c'], { v: 2, o: { x: 1, y: [2] } }))).toBe(false);
    expect(isOwnRevision(update, stored(4, ['d', 'c'], { v: 1, o: { x: 1, y: [2, 3] } }))).toBe(
      false,
    );
    expect(isOwnRevision(update, stored(4, ['d', 'c'], { v: 1, o: { x: 1, y: [2] }, w: 0 }))).toBe(
      false,
    );
  });

  it('not when the server keeps no ancestry to prove the parent', () => {
    expect(isOwnRevision(update, stored(4, ['d'], { v: 1, o: { x: 1, y: [2] } }))).toBe(false);
  });

  it('a new document only as its first revision', () => {
    const created = { id: 'a', rev: undefined, json: '{"_id":"a","v":1}' };
    expect(isOwnRevision(created, stored(1, ['x'], { v: 1 }))).toBe(true);
    expect(isOwnRevision(created, stored(2, ['y', 'x'], { v: 1 }))).toBe(false);
  });

  it('not a revision whose _rev does not match its history, or another id, or no history', () => {
    expect(isOwnRevision(update, { ...stored(4, ['d', 'c'], { v: 1 }), _rev: '4-q' })).toBe(false);
    expect(isOwnRevision(update, { ...stored(4, ['d', 'c'], { v: 1 }), _id: 'b' })).toBe(false);
    expect(isOwnRevision(update, { _id: 'a', _rev: '4-d', v: 1 })).toBe(false);
    expect(isOwnRevision(update, null)).toBe(false);
  });
});

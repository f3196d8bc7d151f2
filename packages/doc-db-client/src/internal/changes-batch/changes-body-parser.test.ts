import { describe, expect, it } from 'vitest';
import { ChangesBodyParser } from './changes-body-parser.js';

function parse(pieces: string[]) {
  const parser = new ChangesBodyParser();
  for (const piece of pieces) parser.push(piece);
  return { ...parser.end(), results: parser.rows };
}

const rows = [
  { seq: '1-g1A"quoted"', id: 'a\\b', changes: [{ rev: '1-x' }] },
  { seq: [2, 'x'], id: 'é ü 日本 🎉', changes: [{ rev: '1-y' }], deleted: true },
  {
    seq: 3,
    id: 'c',
    changes: [{ rev: '2-z' }],
    doc: { _id: 'c', text: 'ends with a backslash \\', nested: { a: [1, { b: '}]' }] } },
  },
];
const expected = { results: rows, last_seq: '3-"end"', pending: 0 };

// CouchDB's layout (one row per line) is parsed as it streams; the others are parsed whole.
const layouts: Record<string, string> = {
  // CouchDB's layout: one row per line.
  couchdb: `{"results":[\n${rows.map((r) => JSON.stringify(r)).join(',\n')}\n],\n"last_seq":"3-\\"end\\"","pending":0}\n`,
  compact: JSON.stringify(expected),
  indented: JSON.stringify(expected, null, 2),
  // A longpoll that sent heartbeats before its rows.
  heartbeats: `{"results":[\n\n\n${rows.map((r) => JSON.stringify(r)).join(',\n')}\n],\n"last_seq":"3-\\"end\\"","pending":0}\n`,
};

describe('ChangesBodyParser', () => {
  for (const [name, body] of Object.entries(layouts)) {
    it(`parses the ${name} layout split at every position`, () => {
      expect(parse([body])).toEqual(expected);
      for (let at = 0; at <= body.length; at++)
        expect(parse([body.slice(0, at), body.slice(at)])).toEqual(expected);
    });

    it(`parses the ${name} layout one character at a time`, () => {
      expect(parse([...body])).toEqual(expected);
    });
  }

  it('keeps fields around results, before or after it, and an empty results', () => {
    expect(
      parse(['{"pending":5,"results":[],"last_seq":[1,"a"],"extra":{"results":[1]}}']),
    ).toEqual({ pending: 5, results: [], last_seq: [1, 'a'], extra: { results: [1] } });
  });

  it('rejects a body cut short, malformed rows, non-object rows and trailing text', () => {
    const body = layouts.couchdb as string;
    for (const cut of [0, 1, 15, body.length / 2, body.length - 3])
      expect(() => parse([body.slice(0, cut)])).toThrow(SyntaxError);
    expect(() => parse(['{"results":[{"id":"a",}],"last_seq":1}'])).toThrow(SyntaxError);
    expect(() => parse(['{"results":[{"id":"a"} {"id":"b"}],"last_seq":1}'])).toThrow(SyntaxError);
    expect(() => parse(['{"results":[{"id":"a"},],"last_seq":1}'])).toThrow(SyntaxError);
    expect(() => parse(['{"results":[,{"id":"a"}],"last_seq":1}'])).toThrow(SyntaxError);
    expect(() => parse(['{"results":[{"id":"a"},,{"id":"b"}],"last_seq":1}'])).toThrow(SyntaxError);
    expect(() => parse(['{"results":[1,2],"last_seq":1}'])).toThrow(SyntaxError);
    expect(() => parse(['{"results":[],"last_seq":1} {}'])).toThrow(SyntaxError);
    expect(() => parse(['[{"results":[]}]'])).toThrow(SyntaxError);
    expect(() => parse(['<html>'])).toThrow(SyntaxError);
    // The same in CouchDB's line layout.
    expect(() => parse(['{"results":[\n1\n],\n"last_seq":1}'])).toThrow(SyntaxError);
    expect(() => parse(['{"results":[\n{"id":"a",}\n],\n"last_seq":1}'])).toThrow(SyntaxError);
    expect(() => parse(['{"results":[\n{"id":"a"}\n{"id":"b"}\n],\n"last_seq":1}'])).toThrow(
      SyntaxError,
    );
    expect(() => parse(['{"results":[\n{"id":"a"}\n],\n"last_seq":1}x'])).toThrow(SyntaxError);
  });
});

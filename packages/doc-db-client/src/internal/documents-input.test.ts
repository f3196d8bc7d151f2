import { isInputValidationError } from '@connectorkit/http-core';
import { describe, expect, it } from 'vitest';
import { checkDocument, checkDocuments } from './documents-input.js';
import { dbPath, docPath } from './paths.js';

const problems = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (isInputValidationError(error)) return error.issues;
    throw error;
  }
  return undefined;
};

describe('input checks on the hot paths', () => {
  it('pass valid plain documents through as they are, without a copy', () => {
    const doc = { _id: 'a', _rev: '1-x', _deleted: false, n: 1 };
    expect(checkDocument(doc, 'document')).toBe(doc);
    const docs = [doc, { n: 2 }, Object.assign(Object.create(null), { _id: 'b' })];
    expect(checkDocuments(docs, 'docs')).toBe(docs);
  });

  it('refuse what DocumentSchema refuses, naming the field', () => {
    expect(problems(() => checkDocument({ _id: '' }, 'document'))).toEqual([
      { path: 'document._id', message: 'must not be empty' },
    ]);
    expect(problems(() => checkDocuments([{ n: 1 }, { _rev: 2 }], 'docs'))).toEqual([
      { path: 'docs.1._rev', message: 'must be a string' },
    ]);
    expect(problems(() => checkDocuments({ docs: [] }, 'docs'))?.[0]?.message).toBe(
      'must be an array of documents',
    );
    expect(problems(() => checkDocument(null, 'document'))).toHaveLength(1);
    expect(problems(() => checkDocument({ _deleted: 'yes' }, 'document'))).toHaveLength(1);
  });

  it('take a class instance with valid fields as it is, and refuse built-ins', () => {
    class Doc {
      _id = 'c';
    }
    const doc = new Doc();
    expect(checkDocument(doc, 'document')).toBe(doc);
    for (const value of [new Map(), new Date(0), [], 'text', 7, null, undefined]) {
      expect(problems(() => checkDocument(value, 'document'))?.[0]?.message).toMatch(
        /^must be a plain object, not /,
      );
    }
    expect(problems(() => checkDocuments([{}, new Set()], 'docs'))).toEqual([
      { path: 'docs.1', message: 'must be a plain object, not a Set' },
    ]);
  });

  it('name ten bad documents of a batch and count the rest', () => {
    const issues = problems(() => checkDocuments(Array(25).fill(null), 'docs'));
    expect(issues).toHaveLength(11);
    expect(issues?.[10]).toEqual({ path: 'docs', message: '25 documents in all are invalid' });
  });

  it('check database names and document ids with the same rules', () => {
    expect(dbPath('a/b')).toBe('/a%2Fb');
    expect(docPath('db', 'x y')).toBe('/db/x%20y');
    expect(problems(() => dbPath('Bad'))?.[0]?.path).toBe('db');
    expect(problems(() => dbPath(`a${'b'.repeat(238)}`))?.[0]?.message).toBe(
      'must be at most 238 characters',
    );
    expect(problems(() => docPath('db', '_design/x'))?.[0]?.message).toMatch(/must not start/);
    expect(problems(() => docPath('db', ''))?.[0]?.message).toBe('must not be empty');
    expect(problems(() => docPath('db', 7))?.[0]?.message).toBe('must be a string');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'graphql';
import { DocumentCache } from '../../../../src/server/direct/document-cache.js';

const doc = (text: string) => parse(text);

describe('DocumentCache', () => {
  it('evicts the least recently used document past maxDocuments', () => {
    const cache = new DocumentCache({ maxDocuments: 2, maxChars: 1_000 });
    cache.set('{ a }', doc('{ a }'));
    cache.set('{ b }', doc('{ b }'));
    assert.ok(cache.get('{ a }'));
    cache.set('{ c }', doc('{ c }'));
    assert.equal(cache.size, 2);
    assert.ok(cache.get('{ a }'), 'a was used last, so b went');
    assert.equal(cache.get('{ b }'), undefined);
    assert.ok(cache.get('{ c }'));
  });

  it('keeps the query text within maxChars, and never holds a text longer than it', () => {
    const cache = new DocumentCache({ maxDocuments: 100, maxChars: 12 });
    cache.set('{ aa }', doc('{ aa }'));
    cache.set('{ bb }', doc('{ bb }'));
    cache.set('{ cc }', doc('{ cc }'));
    assert.equal(cache.size, 2);
    assert.equal(cache.get('{ aa }'), undefined);
    const long = `{ ${'x'.repeat(20)} }`;
    cache.set(long, doc(long));
    assert.equal(cache.get(long), undefined);
    assert.equal(cache.size, 2);
  });

  it('a text is stored once, whatever document comes with it later', () => {
    const cache = new DocumentCache({ maxDocuments: 10, maxChars: 1_000 });
    const first = doc('{ a }');
    cache.set('{ a }', first);
    cache.set('{ a }', doc('{ a }'));
    assert.equal(cache.get('{ a }'), first);
    assert.equal(cache.size, 1);
  });
});

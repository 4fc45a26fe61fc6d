import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'graphql';
import { DocumentCache } from '../../../../src/server/direct/document-cache.js';

const doc = (text: string) => parse(text);

describe('DocumentCache', () => {
  it('past maxDocuments, evicts the oldest document not read since it was queued (second chance)', () => {
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

  it('a read document is moved back once, not kept for good: unread since, it goes next', () => {
    const cache = new DocumentCache({ maxDocuments: 2, maxChars: 1_000 });
    cache.set('{ a }', doc('{ a }'));
    cache.set('{ b }', doc('{ b }'));
    assert.ok(cache.get('{ a }'));
    cache.set('{ c }', doc('{ c }'));
    assert.equal(cache.get('{ b }'), undefined, 'b was not read: it went, and a moved behind c');
    assert.ok(cache.get('{ c }'));
    cache.set('{ d }', doc('{ d }'));
    assert.equal(cache.size, 2);
    assert.equal(cache.get('{ a }'), undefined, 'a was not read again after its second chance: c, read, moved behind it');
    assert.ok(cache.get('{ c }'));
    assert.ok(cache.get('{ d }'));
  });

  it('admits a new document when every document held was read, and evicts the oldest of them', () => {
    const cache = new DocumentCache({ maxDocuments: 3, maxChars: 1_000 });
    for (const text of ['{ a }', '{ b }', '{ c }']) {
      cache.set(text, doc(text));
      assert.ok(cache.get(text));
    }
    cache.set('{ d }', doc('{ d }'));
    assert.equal(cache.size, 3);
    assert.ok(cache.get('{ d }'), 'the newcomer is not the one evicted');
    assert.equal(cache.get('{ a }'), undefined, 'all were read, so the oldest went after one pass');
    assert.ok(cache.get('{ b }'));
    assert.ok(cache.get('{ c }'));
  });

  it('holds a single document when maxDocuments is 1, reads or not', () => {
    const cache = new DocumentCache({ maxDocuments: 1, maxChars: 1_000 });
    cache.set('{ a }', doc('{ a }'));
    assert.ok(cache.get('{ a }'));
    cache.set('{ b }', doc('{ b }'));
    assert.equal(cache.size, 1);
    assert.ok(cache.get('{ b }'));
    assert.equal(cache.get('{ a }'), undefined);
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

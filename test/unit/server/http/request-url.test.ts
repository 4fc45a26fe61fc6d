import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { requestUrl } from '../../../../src/server/http/request-url.js';

describe('requestUrl', () => {
  const raws = [
    '/graphql',
    '/graphql/',
    '/',
    '/metrics',
    '/a-b/c_d/9',
    '/a/../graphql',
    '/./graphql',
    '//graphql',
    '/%67raphql',
    '/graphql?query=x',
    '/graphql#top',
    '/gr aphql',
    '*',
    '',
  ];
  for (const raw of raws) {
    it(`${JSON.stringify(raw)}: the pathname and search new URL gives`, () => {
      const ours = requestUrl(raw);
      const theirs = new URL(raw, 'http://gateway.invalid');
      assert.equal(ours.pathname, theirs.pathname);
      assert.equal(ours.search, theirs.search);
      assert.equal(ours.searchParams.toString(), theirs.searchParams.toString());
    });
  }

  it('a long path that is almost plain is not a regular-expression trap (it once took minutes)', () => {
    const raw = `/${'a'.repeat(50_000)}.js`;
    assert.equal(requestUrl(raw).pathname, raw);
    assert.equal(requestUrl(`/${'ab/'.repeat(20_000)}x.`).search, '');
  });

  it('a plain path whose parameters are written shows them in its search, as a URL does', () => {
    const ours = requestUrl('/graphql');
    assert.equal(ours.searchParams.has('query'), false);
    ours.searchParams.set('query', '{ a }');
    assert.equal(ours.search, '?query=%7B+a+%7D');
  });
});

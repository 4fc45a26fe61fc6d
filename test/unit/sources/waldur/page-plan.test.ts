import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type PagePlan, planPages } from '../../../../src/sources/waldur/page-plan.js';

const plan = (offset: number, limit: number): PagePlan => planPages(offset, limit, 300);

/** Every index of the window lies in the planned pages, and none before it is counted. */
function assertCovers(offset: number, limit: number): void {
  const p = plan(offset, limit);
  const start = (p.firstPage - 1) * p.pageSize;
  const end = p.lastPage * p.pageSize;
  assert.ok(start <= offset && offset + limit <= end, `plan ${JSON.stringify(p)} misses [${offset}, ${offset + limit})`);
  assert.equal(p.skip, offset - start);
  assert.ok(p.pageSize >= Math.min(limit, 300) && p.pageSize <= 300);
}

describe('waldur page plan', () => {
  it('fetches a first page of exactly the limit', () => {
    assert.deepEqual(plan(0, 10), { pageSize: 10, firstPage: 1, lastPage: 1, skip: 0 });
    assert.deepEqual(plan(0, 15), { pageSize: 15, firstPage: 1, lastPage: 1, skip: 0 });
    assert.deepEqual(plan(0, 300), { pageSize: 300, firstPage: 1, lastPage: 1, skip: 0 });
  });

  it('picks the smallest page size whose one page holds the window', () => {
    assert.deepEqual(plan(8, 4), { pageSize: 4, firstPage: 3, lastPage: 3, skip: 0 });
    assert.deepEqual(plan(10, 10), { pageSize: 10, firstPage: 2, lastPage: 2, skip: 0 });
    // 5..9 with limit 5 straddles pages of 5 (0-4, 5-9 fits: page 2), so size 5 works.
    assert.deepEqual(plan(5, 5), { pageSize: 5, firstPage: 2, lastPage: 2, skip: 0 });
    // [3, 8): sizes 5, 6 and 7 straddle; 8 holds it in page 1.
    assert.deepEqual(plan(3, 5), { pageSize: 8, firstPage: 1, lastPage: 1, skip: 3 });
    // [7, 17): 10 straddles (0-9 | 10-19); 11..16 straddle; 17 holds it in page 1.
    assert.deepEqual(plan(7, 10), { pageSize: 17, firstPage: 1, lastPage: 1, skip: 7 });
  });

  it('falls back to two consecutive pages of 300 when no single page fits', () => {
    assert.deepEqual(plan(1, 300), { pageSize: 300, firstPage: 1, lastPage: 2, skip: 1 });
    assert.deepEqual(plan(150, 200), { pageSize: 300, firstPage: 1, lastPage: 2, skip: 150 });
    // Not every straddle falls back: [250, 350) is page 3 of 117 (234-350).
    assert.deepEqual(plan(250, 100), { pageSize: 117, firstPage: 3, lastPage: 3, skip: 16 });
    assert.deepEqual(plan(599, 300), { pageSize: 300, firstPage: 2, lastPage: 3, skip: 299 });
  });

  it('needs at most two pages for any window of up to 300', () => {
    for (let offset = 0; offset < 700; offset += 7) {
      for (const limit of [1, 2, 3, 50, 149, 150, 151, 299, 300]) {
        const p = plan(offset, limit);
        assert.ok(p.lastPage - p.firstPage <= 1, `${offset}+${limit}: ${JSON.stringify(p)}`);
        if (p.lastPage > p.firstPage) assert.equal(p.pageSize, 300);
        assertCovers(offset, limit);
      }
    }
  });

  it('never plans a single page smaller than needed nor a larger page than the smallest that fits', () => {
    for (let offset = 0; offset < 120; offset++) {
      for (let limit = 1; limit <= 40; limit++) {
        const p = plan(offset, limit);
        assertCovers(offset, limit);
        for (let smaller = limit; smaller < p.pageSize; smaller++) {
          assert.notEqual(Math.floor(offset / smaller), Math.floor((offset + limit - 1) / smaller), `${offset}+${limit}: ${smaller} would fit`);
        }
      }
    }
  });

  it('covers a limit above the page maximum with consecutive pages, without listing them', () => {
    assert.deepEqual(plan(0, 301), { pageSize: 300, firstPage: 1, lastPage: 2, skip: 0 });
    assert.deepEqual(plan(10, 1_000_000_000), { pageSize: 300, firstPage: 1, lastPage: 3_333_334, skip: 10 });
  });

  it('refuses windows that are not non-negative integers (bad input)', () => {
    assert.throws(() => plan(-1, 10), RangeError);
    assert.throws(() => plan(0, 0), RangeError);
    assert.throws(() => plan(1.5, 10), RangeError);
    assert.throws(() => plan(0, Number.NaN), RangeError);
    assert.throws(() => plan(Number.MAX_SAFE_INTEGER, 10), RangeError);
    assert.throws(() => planPages(0, 10, 0), RangeError);
  });
});

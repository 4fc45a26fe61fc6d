import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getHeapStatistics } from 'node:v8';
import { parseConfig } from '../../../src/config/load-config.js';
import { growthSetByOperator, HeapTarget, TIGHT_GROWING_PERCENT } from '../../../src/server/memory/heap-target.js';

const MB = 1024 * 1024;

/** A heap whose size the test sets, and the growth settings V8 was given. */
function fakeHeap(): { heap: { bytes: number }; set: number[]; target: HeapTarget } {
  const heap = { bytes: 50 * MB };
  const set: number[] = [];
  return { heap, set, target: new HeapTarget({ heapBytes: () => heap.bytes, setGrowingPercent: (p) => set.push(p) }) };
}

describe('HeapTarget', () => {
  it('tightens V8 growth once the heap passes the target, and relaxes it below half of it', () => {
    const { heap, set, target } = fakeHeap();
    const release = target.hold(160);
    try {
      assert.deepEqual(set, []);
      heap.bytes = 161 * MB;
      target.check();
      assert.equal(target.tight, true);
      assert.deepEqual(set, [TIGHT_GROWING_PERCENT]);
      // Between half and the whole target nothing changes: no flapping at the edge.
      heap.bytes = 100 * MB;
      target.check();
      target.check();
      assert.deepEqual(set, [TIGHT_GROWING_PERCENT]);
      heap.bytes = 79 * MB;
      target.check();
      assert.equal(target.tight, false);
      assert.deepEqual(set, [TIGHT_GROWING_PERCENT, 0]);
    } finally {
      release();
    }
  });

  it('follows the lowest target held, and gives V8 its default back when the last is released', () => {
    const { heap, set, target } = fakeHeap();
    heap.bytes = 150 * MB;
    const wide = target.hold(400);
    assert.equal(target.tight, false);
    const narrow = target.hold(120);
    assert.equal(target.tight, true);
    narrow();
    assert.equal(target.tight, true, 'over half of 400: stays tight until checked below it');
    wide();
    assert.equal(target.tight, false);
    assert.deepEqual(set, [TIGHT_GROWING_PERCENT, 0]);
  });

  it('the real V8 control reads the heap and accepts the flag (V8 reads it at every full collection)', () => {
    const target = new HeapTarget();
    // A target below any heap: tight at once, then released (the flag back to V8's default, 0).
    const release = target.hold(1);
    assert.equal(target.tight, true);
    assert.ok(getHeapStatistics().total_heap_size > MB);
    release();
    assert.equal(target.tight, false);
  });

  it("leaves V8 alone when node was started with the operator's own --heap-growing-percent", () => {
    assert.equal(growthSetByOperator(['--heap-growing-percent=30']), true);
    assert.equal(growthSetByOperator(['--max-old-space-size=160', '--enable-source-maps']), false);
  });

  it('is 160 MB by default and 0 turns it off', () => {
    const base = {
      auth: { anonymous: 'viewer' },
      sources: [{ name: 'a', vendor: 'rockset', url: 'http://127.0.0.1:1', credentials: { mode: 'service', secret: 'x' } }],
    };
    assert.equal(parseConfig(base, {}).server.memory.heapTargetMb, 160);
    assert.equal(parseConfig({ ...base, server: { memory: { heapTargetMb: 0 } } }, {}).server.memory.heapTargetMb, 0);
    assert.throws(() => parseConfig({ ...base, server: { memory: { heapTargetMb: -1 } } }, {}), /server\.memory\.heapTargetMb/);
  });
});

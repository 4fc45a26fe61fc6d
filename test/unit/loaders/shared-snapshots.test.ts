import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SharedSnapshots } from '../../../src/loaders/shared-snapshots.js';

/** A snapshot store on a clock the test moves, and a loader that counts its calls. */
function setup(options: { ttlMs?: number; staleMs?: number; maxEntries?: number; keep?: (v: string) => boolean } = {}) {
  let now = 0;
  const snapshots = new SharedSnapshots<string>({ ttlMs: 100, staleMs: 100, maxEntries: 10, ...options, now: () => now });
  let calls = 0;
  const load = (value: string) => () => {
    calls++;
    return Promise.resolve(`${value}#${calls}`);
  };
  return { snapshots, load, calls: () => calls, advance: (ms: number) => (now += ms) };
}

describe('SharedSnapshots', () => {
  it('answers within the TTL without loading, per credential and per part', async () => {
    const t = setup();
    assert.equal(await t.snapshots.get('cred-a', 'w1', t.load('a1')), 'a1#1');
    assert.equal(await t.snapshots.get('cred-a', 'w1', t.load('a1')), 'a1#1');
    assert.equal(await t.snapshots.get('cred-a', 'w2', t.load('a2')), 'a2#2', 'another part is another snapshot');
    assert.equal(await t.snapshots.get('cred-b', 'w1', t.load('b1')), 'b1#3', 'another credential is another snapshot');
    assert.equal(t.calls(), 3);
    assert.deepEqual(t.snapshots.stats(), { hits: 1, misses: 3, ageMs: 0 });
  });

  it('past the TTL answers stale and refreshes once in the background; past TTL + staleMs it waits for a load', async () => {
    const t = setup();
    await t.snapshots.get('c', '', t.load('v'));
    t.advance(150);
    assert.equal(await t.snapshots.get('c', '', t.load('v')), 'v#1', 'stale answer');
    assert.equal(await t.snapshots.get('c', '', t.load('v')), 'v#2', 'the refresh has landed');
    assert.equal(t.calls(), 2);
    t.advance(250);
    assert.equal(await t.snapshots.get('c', '', t.load('v')), 'v#3');
  });

  it('makes one load for everyone asking at once', async () => {
    const t = setup();
    const answers = await Promise.all(Array.from({ length: 5 }, () => t.snapshots.get('c', '', t.load('v'))));
    assert.deepEqual(new Set(answers), new Set(['v#1']));
    assert.equal(t.calls(), 1);
  });

  it('invalidate drops every snapshot, and a load that began before it is not kept', async () => {
    const t = setup();
    let release: (v: string) => void = () => undefined;
    const slow = t.snapshots.get('c', '', () => new Promise<string>((resolve) => (release = resolve)));
    t.snapshots.invalidate();
    release('before-the-write');
    assert.equal(await slow, 'before-the-write', 'its caller still gets it');
    assert.equal(await t.snapshots.get('c', '', t.load('after')), 'after#1', 'but it was not kept');
  });

  it('keeps at most maxEntries, dropping the least recently used first', async () => {
    const t = setup({ maxEntries: 2 });
    await t.snapshots.get('c', 'w1', t.load('w1'));
    await t.snapshots.get('c', 'w2', t.load('w2'));
    await t.snapshots.get('c', 'w1', t.load('w1')); // w1 is now the most recently used
    await t.snapshots.get('c', 'w3', t.load('w3')); // w2 goes
    assert.equal(t.calls(), 3);
    assert.equal(await t.snapshots.get('c', 'w1', t.load('w1')), 'w1#1');
    assert.equal(await t.snapshots.get('c', 'w2', t.load('w2')), 'w2#4', 'dropped, so loaded again');
  });

  it('serves a value keep() refuses without keeping it', async () => {
    const t = setup({ keep: (v) => !v.startsWith('huge') });
    assert.equal(await t.snapshots.get('c', '', t.load('huge')), 'huge#1');
    assert.equal(await t.snapshots.get('c', '', t.load('huge')), 'huge#2');
  });
});

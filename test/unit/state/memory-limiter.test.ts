import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { memoryLimiter } from '../../../src/state/memory-store.js';

describe('memoryLimiter', () => {
  it('with mirrorBlocks, knows at once when a key has used its points, and says the same as blockedFor', async () => {
    const limiter = memoryLimiter('auth-failures', 3, 60, { mirrorBlocks: true });
    for (let i = 0; i < 2; i++) assert.equal(await limiter.consume('198.51.100.1'), 0);
    assert.equal(limiter.blockedNow('198.51.100.1'), 0, 'two of three points used: not blocked');
    assert.equal(await limiter.consume('198.51.100.1'), 0, 'the third point is allowed');
    const now = limiter.blockedNow('198.51.100.1') ?? 0;
    assert.ok(now > 59_000 && now <= 60_000, `blocked for the rest of the window (${now} ms)`);
    const asked = await limiter.blockedFor('198.51.100.1');
    assert.ok(Math.abs(asked - now) < 1_000, `${asked} against ${now}`);
    assert.equal(limiter.blockedNow('198.51.100.2'), 0, 'another key');
    assert.ok((await limiter.consume('198.51.100.1')) > 0, 'a fourth is refused');
  });

  it('with more blocked keys than its mirror holds, answers from its counters: every key stays blocked', async () => {
    const limiter = memoryLimiter('auth-failures', 1, 60, { mirrorBlocks: true, mirrorMaxEntries: 2 });
    for (const key of ['a', 'b', 'c']) await limiter.consume(key);
    assert.equal(limiter.blockedNow('c'), undefined, 'the mirror overflowed: not trusted');
    for (const key of ['a', 'b', 'c']) assert.ok((await limiter.blockedFor(key)) > 0, `${key} is blocked`);
  });

  it('without mirrorBlocks, leaves the answer to blockedFor', async () => {
    const limiter = memoryLimiter('requests', 1, 60);
    await limiter.consume('k');
    assert.equal(limiter.blockedNow('k'), undefined);
    assert.ok((await limiter.blockedFor('k')) > 0);
  });
});

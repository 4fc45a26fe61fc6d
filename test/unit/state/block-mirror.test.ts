import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BlockMirror } from '../../../src/state/block-mirror.js';

describe('BlockMirror', () => {
  it('answers how long a noted key is still blocked, and 0 once its block has ended', () => {
    const mirror = new BlockMirror();
    mirror.note('auth-failures', '198.51.100.1', 5_000, 1_000);
    assert.equal(mirror.blockedFor('auth-failures', '198.51.100.1', 2_000), 4_000);
    assert.equal(mirror.blockedFor('auth-failures', '198.51.100.2', 2_000), 0, 'another key');
    assert.equal(mirror.blockedFor('requests', '198.51.100.1', 2_000), 0, 'the same key of another limiter');
    assert.equal(mirror.blockedFor('auth-failures', '198.51.100.1', 6_000), 0);
    assert.equal(mirror.size, 0, 'an ended block is dropped when looked up');
  });

  it('counts the blocks still running, dropping those that ended', () => {
    const mirror = new BlockMirror();
    mirror.note('l', 'a', 1_000, 0);
    mirror.note('l', 'b', 5_000, 0);
    assert.equal(mirror.active(500), 2);
    assert.equal(mirror.active(2_000), 1);
    assert.equal(mirror.size, 1, 'the ended one is gone from the map');
  });

  it('keeps the later end when a key is told twice (its own failure, then the message back)', () => {
    const mirror = new BlockMirror();
    mirror.note('l', 'k', 10_000, 0);
    mirror.note('l', 'k', 2_000, 1_000);
    assert.equal(mirror.blockedFor('l', 'k', 5_000), 5_000);
    mirror.note('l', 'k', 20_000, 5_000);
    assert.equal(mirror.blockedFor('l', 'k', 5_000), 20_000);
  });

  it('is trusted only between trust() and the next distrust()', () => {
    const mirror = new BlockMirror();
    assert.equal(mirror.trusted, false, 'not before a sync');
    mirror.trust();
    assert.equal(mirror.trusted, true);
    mirror.distrust();
    assert.equal(mirror.trusted, false);
  });

  it('full of live blocks, it drops a new one, stops being trusted and cannot be trusted again until cleared', () => {
    const mirror = new BlockMirror(2);
    mirror.trust();
    mirror.note('l', 'a', 1_000, 0);
    mirror.note('l', 'b', 1_000, 0);
    mirror.note('l', 'c', 1_000, 0);
    assert.equal(mirror.blockedFor('l', 'c', 10), 0, 'not kept');
    assert.equal(mirror.trusted, false);
    assert.equal(mirror.overflowed, true);
    mirror.trust();
    assert.equal(mirror.trusted, false, 'a block is missing: no trust until a sync fits');
    mirror.clear();
    mirror.note('l', 'c', 1_000, 0);
    mirror.trust();
    assert.equal(mirror.trusted, true);
  });

  it('makes room by dropping ended blocks before it gives up', () => {
    const mirror = new BlockMirror(2);
    mirror.trust();
    mirror.note('l', 'a', 100, 0);
    mirror.note('l', 'b', 100, 0);
    mirror.note('l', 'c', 1_000, 500);
    assert.equal(mirror.blockedFor('l', 'c', 600), 900);
    assert.equal(mirror.trusted, true);
    assert.equal(mirror.size, 1);
  });

  it('ignores a block of no length', () => {
    const mirror = new BlockMirror();
    mirror.note('l', 'k', 0, 0);
    mirror.note('l', 'k', -5, 0);
    assert.equal(mirror.size, 0);
  });
});

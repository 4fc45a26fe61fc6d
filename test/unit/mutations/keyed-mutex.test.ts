import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeyedMutex } from '../../../src/state/keyed-mutex.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('KeyedMutex', () => {
  it('runs tasks of one key one at a time, in arrival order', async () => {
    const mutex = new KeyedMutex();
    const events: string[] = [];
    const task = (name: string) => async () => {
      events.push(`${name} start`);
      await tick();
      await tick();
      events.push(`${name} end`);
      return name;
    };
    const results = await Promise.all([mutex.run('u', task('a')), mutex.run('u', task('b')), mutex.run('u', task('c'))]);
    assert.deepEqual(results, ['a', 'b', 'c']);
    assert.deepEqual(events, ['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
  });

  it('runs tasks of different keys in parallel', async () => {
    const mutex = new KeyedMutex();
    const events: string[] = [];
    const task = (name: string) => async () => {
      events.push(`${name} start`);
      await tick();
      events.push(`${name} end`);
    };
    await Promise.all([mutex.run('u1', task('a')), mutex.run('u2', task('b'))]);
    assert.deepEqual(events.slice(0, 2), ['a start', 'b start']);
  });

  it('releases the key when a task fails, and forgets keys nobody holds', async () => {
    const mutex = new KeyedMutex();
    const failed = mutex.run('u', async () => {
      throw new Error('boom');
    });
    const next = mutex.run('u', async () => 'after');
    await assert.rejects(failed, /boom/);
    assert.equal(await next, 'after');
    assert.equal(mutex.size, 0);
  });
});

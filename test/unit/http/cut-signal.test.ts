import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ProxyTracerProvider, trace } from '@opentelemetry/api';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { CutSignal, cutAfter, Deadline } from '../../../src/http/cut-signal.js';
import { tracingActive } from '../../../src/http/tracing-active.js';

describe('CutSignal', () => {
  it('calls each listener once on abort, never one removed, and none added after', () => {
    const cut = new CutSignal();
    const calls: string[] = [];
    const a = () => calls.push('a');
    const b = () => calls.push('b');
    cut.addEventListener('abort', a);
    cut.addEventListener('abort', b);
    cut.removeEventListener('abort', a);
    assert.equal(cut.aborted, false);
    cut.abort();
    cut.abort();
    assert.equal(cut.aborted, true);
    assert.deepEqual(calls, ['b']);
    cut.addEventListener('abort', a);
    assert.deepEqual(calls, ['b']);
  });

  it('removes one registration of a listener added twice', () => {
    const cut = new CutSignal();
    let calls = 0;
    const f = () => calls++;
    cut.addEventListener('abort', f);
    cut.addEventListener('abort', f);
    cut.removeEventListener('abort', f);
    cut.abort();
    assert.equal(calls, 1);
  });
});

describe('cutAfter', () => {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('cuts after its time, or at once when the outer signal aborts', async () => {
    const timed = cutAfter(20, undefined);
    assert.equal(timed.signal.aborted, false);
    await sleep(40);
    assert.equal(timed.signal.aborted, true);
    const outer = new CutSignal();
    const forwarded = cutAfter(10_000, outer);
    outer.abort();
    assert.equal(forwarded.signal.aborted, true);
    forwarded.release();
  });

  it('once released, neither its timer nor the outer signal cuts it, and releasing twice is harmless', async () => {
    const outer = new CutSignal();
    const released = cutAfter(20, outer);
    released.release();
    released.release();
    outer.abort();
    await sleep(40);
    assert.equal(released.signal.aborted, false);
  });
});

describe('tracingActive', () => {
  it('is false with the API alone, true once a provider is registered, false again after', () => {
    assert.equal(tracingActive(), false);
    assert.ok(trace.setGlobalTracerProvider(new BasicTracerProvider()));
    try {
      assert.equal(tracingActive(), true);
    } finally {
      trace.disable();
    }
    assert.ok(trace.getTracerProvider() instanceof ProxyTracerProvider);
    assert.equal(tracingActive(), false);
  });
});

describe('Deadline', () => {
  it('sets no timer until it is used, then cuts at its end', async (t) => {
    const set = t.mock.method(globalThis, 'setTimeout');
    // Ends well after the checks below, however slow the machine.
    const deadline = new Deadline(performance.now() + 200);
    assert.equal(set.mock.callCount(), 0, 'made, not used: no timer');
    let heard = 0;
    deadline.addEventListener('abort', () => heard++);
    assert.equal(deadline.aborted, false);
    assert.equal(set.mock.callCount(), 1, 'one timer, however often it is used');
    set.mock.restore();
    assert.equal(deadline.aborted, false);
    await sleep(300);
    assert.equal(deadline.aborted, true);
    assert.equal(heard, 1);
  });

  it('counts from when it was made: first used after its end, it is already cut', async () => {
    const deadline = new Deadline(performance.now() + 10);
    await sleep(30);
    assert.equal(deadline.aborted, true);
  });

  it('cuts nothing once released, used before or after', async () => {
    const used = new Deadline(performance.now() + 100);
    assert.equal(used.aborted, false);
    used.release();
    const unused = new Deadline(performance.now() + 100);
    unused.release();
    await sleep(150);
    assert.equal(used.aborted, false, 'its timer was cleared');
    assert.equal(unused.aborted, false, 'work the request left running is not cut');
  });
});

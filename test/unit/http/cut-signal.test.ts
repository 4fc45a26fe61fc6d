import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProxyTracerProvider, trace } from '@opentelemetry/api';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { CutSignal, cutAfter } from '../../../src/http/cut-signal.js';
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

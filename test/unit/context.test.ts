import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { parseConfig } from '../../src/config/load-config.js';
import { createRequestContext, type GatewayShared } from '../../src/context.js';
import { PlanSigner } from '../../src/offboarding/plan-token.js';
import type { SourceRuntime } from '../../src/request/source-runtime.js';
import { createLogger } from '../../src/server/logger.js';
import { MemoryStateStore } from '../../src/state/memory-store.js';
import { TEST_AUTH } from '../helpers/gateway.js';

const shared: GatewayShared = {
  runtimes: [],
  logger: createLogger({ level: 'silent' }),
  state: new MemoryStateStore(),
  limits: parseConfig(
    { auth: TEST_AUTH, sources: [{ name: 'w', vendor: 'waldur', url: 'http://127.0.0.1:9', credentials: { mode: 'service', secret: 't' } }] },
    {},
  ).server.limits,
  requestTimeoutMs: 40,
  offboarding: { signer: new PlanSigner({ key: undefined, ttlMs: 60_000 }), maxSteps: 50 },
};
const origin = { headers: {}, principal: { id: 'apikey:t', role: 'viewer' as const, sources: null }, client: '127.0.0.1' };

describe('request deadline', () => {
  it('aborts the request signal at server.requestTimeoutMs while the request runs', async () => {
    const ctx = createRequestContext(shared, origin);
    let heard = 0;
    ctx.deadline().addEventListener('abort', () => heard++);
    assert.equal(ctx.deadline().aborted, false);
    await sleep(120);
    assert.equal(ctx.deadline().aborted, true);
    assert.equal(heard, 1, 'the upstream calls listening are told once');
  });

  it("counts from the request's start even when first asked for late", async () => {
    const ctx = createRequestContext(shared, origin);
    await sleep(30);
    const signal = ctx.deadline();
    assert.equal(signal.aborted, false);
    // 40 ms from the start is 10 ms from here: that timer fires before this 25 ms one.
    await sleep(25);
    assert.equal(signal.aborted, true);
  });

  it('stops its timer once the answer is sent, so nothing fires for a request already answered', async () => {
    const ctx = createRequestContext(shared, origin);
    const signal = ctx.deadline();
    ctx.end();
    await sleep(120);
    assert.equal(signal.aborted, false);
  });
});

describe('request context layout', () => {
  // V8's own word on an object's layout. An accessor in an object literal (the call context's
  // `get signal()` once) makes it a dictionary-mode object: about 1 µs to make, and every
  // property read a hash lookup, on every upstream call.
  setFlagsFromString('--allow-natives-syntax');
  const hasFastProperties = new Function('o', 'return %HasFastProperties(o)') as (o: object) => boolean;

  it('makes the context and its call contexts as fast-mode objects, request after request', () => {
    // Only what callContext reads of a runtime: its name and its credentials.
    const runtime = { info: { name: 'dq' }, credentials: { mode: 'service', secret: 's' } } as unknown as SourceRuntime;
    const withSource: GatewayShared = { ...shared, runtimes: [runtime] };
    for (let i = 0; i < 3; i++) {
      const ctx = createRequestContext(withSource, origin);
      assert.equal(hasFastProperties(ctx), true, 'the context');
      const call = ctx.callContext('dq');
      assert.equal(hasFastProperties(call), true, 'a call context');
      assert.equal(call.signal, ctx.deadline(), "a call's signal is the request's deadline");
      ctx.end();
    }
  });
});

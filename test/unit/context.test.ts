import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseConfig } from '../../src/config/load-config.js';
import { createRequestContext, type GatewayShared } from '../../src/context.js';
import { PlanSigner } from '../../src/offboarding/plan-token.js';
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

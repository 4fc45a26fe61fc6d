import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { request } from 'undici';
import type { RequestCounters, RequestLogEntry } from '../../src/simulators/request-log.js';
import type { RunningSimulator } from '../../src/simulators/sim-server.js';
import { call, hook, startSim } from '../helpers/sim.js';

// The fault machinery is shared by the three simulators; it is exercised here through DQOps's
// wire API (each vendor's own test shows its error bodies for injected statuses).
const ADMIN = { authorization: 'Bearer dqops-key-ada-admin' };

describe('simulator fault injection (/__sim/faults)', () => {
  let sim: RunningSimulator;
  before(async () => {
    sim = await startSim('dqops');
  });
  afterEach(() => hook(sim, 'POST', 'reset'));
  after(() => sim.close());

  const listUsers = () => call(sim, 'GET', '/api/users', { headers: ADMIN });
  const requests = () => hook<{ entries: RequestLogEntry[]; counters: RequestCounters }>(sim, 'GET', 'requests');

  it('adds latency (fixed plus jitter) and then answers normally', async () => {
    await hook(sim, 'POST', 'faults', { kind: 'latency', ms: 250, jitterMs: 50 });
    const started = performance.now();
    const res = await listUsers();
    const elapsed = performance.now() - started;
    assert.equal(res.status, 200);
    // A lower bound only: the delay is deliberate, so it cannot be shorter on a busy machine.
    assert.ok(elapsed >= 245, `took ${elapsed} ms`);
    const { entries } = await requests();
    assert.ok(entries[0]!.durationMs >= 245);
  });

  it('answers an error status for as many requests as `times` says, then recovers', async () => {
    await hook(sim, 'POST', 'faults', { kind: 'status', status: 503, times: 2, path: '/api/users' });
    assert.equal((await listUsers()).status, 503);
    assert.equal((await listUsers()).status, 503);
    assert.equal((await listUsers()).status, 200);
    const { entries, counters } = await requests();
    assert.deepEqual(
      entries.map((e) => [e.status, e.fault ?? null]),
      [
        [503, 'status'],
        [503, 'status'],
        [200, null],
      ],
    );
    assert.equal(counters.byPath['GET /api/users'], 3);
    assert.equal(counters.byRoute['GET /api/users'], 3);
    assert.deepEqual((await hook<{ rules: unknown[] }>(sim, 'GET', 'faults')).rules, []);
  });

  it('answers 429 with the Retry-After it was given', async () => {
    await hook(sim, 'POST', 'faults', { kind: 'rate-limit', retryAfter: 7 });
    const res = await listUsers();
    assert.equal(res.status, 429);
    assert.equal(res.headers['retry-after'], '7');
  });

  it('sends a malformed JSON body with a JSON content type', async () => {
    await hook(sim, 'POST', 'faults', { kind: 'malformed', method: 'GET' });
    const res = await listUsers();
    assert.equal(res.status, 200);
    assert.match(String(res.headers['content-type']), /application\/json/);
    assert.throws(() => JSON.parse(res.text));
  });

  it('resets the connection before the request takes effect', async () => {
    await hook(sim, 'POST', 'faults', { kind: 'reset', method: 'POST', path: '/api/users' });
    await assert.rejects(
      call(sim, 'POST', '/api/users', { headers: ADMIN, json: { email: 'new@example.com', accountRole: 'viewer' } }),
      (err: Error & { code?: string }) => ['UND_ERR_SOCKET', 'ECONNRESET'].includes(err.code ?? ''),
    );
    const users = (await listUsers()).json() as { email: string }[];
    assert.ok(!users.some((u) => u.email === 'new@example.com'));
    const { entries } = await requests();
    assert.deepEqual(
      entries.filter((e) => e.method === 'POST').map((e) => [e.status, e.fault]),
      [[null, 'reset']],
    );
  });

  it('resets the connection after the write took effect (the outcome a client cannot know)', async () => {
    await hook(sim, 'POST', 'faults', { kind: 'reset', when: 'after', method: 'POST' });
    await assert.rejects(call(sim, 'POST', '/api/users', { headers: ADMIN, json: { email: 'lost-answer@example.com', accountRole: 'viewer' } }));
    const users = (await listUsers()).json() as { email: string }[];
    assert.ok(users.some((u) => u.email === 'lost-answer@example.com'));
    const { counters } = await requests();
    assert.equal(counters.byPath['POST /api/users'], 1);
  });

  it('hangs until the client gives up, and the request is still counted', async () => {
    await hook(sim, 'POST', 'faults', { kind: 'hang', path: '/api/users*' });
    await assert.rejects(
      request(new URL('/api/users', sim.url), { headers: ADMIN, headersTimeout: 300 }),
      (err: Error & { code?: string }) => err.code === 'UND_ERR_HEADERS_TIMEOUT',
    );
    const { entries } = await requests();
    assert.deepEqual(
      entries.map((e) => [e.path, e.status, e.fault]),
      [['/api/users', null, 'hang']],
    );
  });

  it('matches rules by method and path glob only', async () => {
    await hook(sim, 'POST', 'faults', {
      rules: [
        { kind: 'status', status: 500, method: 'DELETE' },
        { kind: 'status', status: 502, path: '/api/users/*/password' },
      ],
    });
    assert.equal((await listUsers()).status, 200);
    const pw = await call(sim, 'PUT', `/api/users/${encodeURIComponent('alan@example.com')}/password`, {
      headers: { ...ADMIN, 'content-type': 'text/plain' },
      body: 'N3w-Passw0rd',
    });
    assert.equal(pw.status, 502);
    const del = await call(sim, 'DELETE', `/api/users/${encodeURIComponent('alan@example.com')}`, { headers: ADMIN });
    assert.equal(del.status, 500);
  });

  it('never fires a rule at rate 0, and removes one rule by id', async () => {
    const added = await hook<{ rules: { id: number }[] }>(sim, 'POST', 'faults', {
      rules: [
        { kind: 'status', status: 500, rate: 0 },
        { kind: 'rate-limit', retryAfter: 1 },
      ],
    });
    assert.equal((await listUsers()).status, 429);
    await hook(sim, 'DELETE', `faults/${added.rules[1]!.id}`);
    for (let i = 0; i < 5; i++) assert.equal((await listUsers()).status, 200);
    assert.equal((await call(sim, 'DELETE', '/__sim/faults/999')).status, 404);
  });

  it('refuses an invalid rule with a 400 naming the field, and keeps serving', async () => {
    const bad = await call(sim, 'POST', '/__sim/faults', { json: { kind: 'status', status: 200 } });
    assert.equal(bad.status, 400);
    assert.match(bad.text, /status: Number must be greater than or equal to 400/);
    const unknown = await call(sim, 'POST', '/__sim/faults', { json: { kind: 'earthquake' } });
    assert.equal(unknown.status, 400);
    assert.match(unknown.text, /kind/);
    const notJson = await call(sim, 'POST', '/__sim/faults', { body: '{', headers: { 'content-type': 'application/json' } });
    assert.equal(notJson.status, 400);
    assert.equal((await listUsers()).status, 200);
  });

  it('does not count, log or fault its own hooks, and reset restores the seed and clears the log', async () => {
    await hook(sim, 'POST', 'faults', { kind: 'status', status: 500 });
    await hook(sim, 'GET', 'state');
    await hook(sim, 'GET', 'counters');
    assert.equal((await hook<RequestCounters>(sim, 'GET', 'counters')).total, 0);
    await hook(sim, 'DELETE', 'faults');
    await call(sim, 'DELETE', `/api/users/${encodeURIComponent('alan@example.com')}`, { headers: ADMIN });
    assert.ok(!((await listUsers()).json() as { email: string }[]).some((u) => u.email === 'alan@example.com'));
    await hook(sim, 'POST', 'reset');
    assert.equal((await hook<RequestCounters>(sim, 'GET', 'counters')).total, 0);
    assert.ok(((await listUsers()).json() as { email: string }[]).some((u) => u.email === 'alan@example.com'));
    const cleared = await hook<{ entries: unknown[]; counters: RequestCounters }>(sim, 'DELETE', 'requests');
    assert.ok(cleared);
    assert.equal((await requests()).counters.total, 0);
  });

  it('answers an unknown hook with 404', async () => {
    const res = await call(sim, 'GET', '/__sim/nothing');
    assert.equal(res.status, 404);
    assert.match(res.text, /unknown simulator hook/);
  });
});

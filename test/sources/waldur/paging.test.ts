import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, afterEach, before, describe, it } from 'node:test';
import { UpstreamStats } from '../../../src/http/upstream-stats.js';
import type { RequestCounters, RequestLogEntry } from '../../../src/simulators/request-log.js';
import type { RunningSimulator } from '../../../src/simulators/sim-server.js';
import type { PagedAdapter } from '../../../src/sources/source.js';
import { createWaldurSourceAdapter } from '../../../src/sources/waldur/adapter.js';
import { hook, startSim } from '../../helpers/sim.js';

const USERS = 310;
const pad = (n: number) => String(n).padStart(3, '0');
const uuidOf = (n: number) => createHash('md5').update(`paging-${n}`).digest('hex');

/** 310 users (one staff admin among them): more than one page of 300, so windows can straddle. */
const seed = {
  users: Array.from({ length: USERS }, (_, i) => ({
    uuid: uuidOf(i),
    username: `user${pad(i)}`,
    email: `user${pad(i)}@example.com`,
    first_name: 'User',
    last_name: pad(i),
    ...(i === 0 ? { is_staff: true, token: 'waldur-token-paging-admin' } : {}),
  })),
};
const emails = seed.users.map((u) => u.email);

describe('waldur adapter: windows over more than one page of 300', () => {
  let sim: RunningSimulator;
  let adapter: PagedAdapter;
  before(async () => {
    sim = await startSim('waldur', seed);
    adapter = createWaldurSourceAdapter({ name: 'waldur-paging', url: sim.url, timeoutMs: 5000 });
  });
  afterEach(() => hook(sim, 'POST', 'reset'));
  after(async () => {
    await adapter.close();
    await sim.close();
  });

  async function window(offset: number, limit: number) {
    const stats = new UpstreamStats();
    const page = await adapter.listUsersPage({ credential: 'waldur-token-paging-admin', stats }, { offset, limit, filter: {} });
    const { entries } = await hook<{ entries: RequestLogEntry[] }>(sim, 'GET', 'requests');
    const sent = entries.map((e) => {
      const q = new URLSearchParams(e.query);
      return `${e.method} page=${q.get('page')} page_size=${q.get('page_size')}`;
    });
    assert.equal((await hook<RequestCounters>(sim, 'GET', 'counters')).total, stats.calls);
    return { emails: page.users.map((u) => u.email), total: page.total, calls: stats.calls, sent };
  }

  it('{0, 300}: one call', async () => {
    const got = await window(0, 300);
    assert.deepEqual([got.emails, got.total, got.calls], [emails.slice(0, 300), USERS, 1]);
  });

  it('{5, 300}: no single page fits, so pages 1 and 2 of 300, two calls', async () => {
    const got = await window(5, 300);
    assert.deepEqual([got.emails, got.total, got.calls], [emails.slice(5, 305), USERS, 2]);
    assert.deepEqual(got.sent, ['GET page=1 page_size=300', 'GET page=2 page_size=300']);
  });

  it('{150, 200}: two calls, the window cut from both pages', async () => {
    const got = await window(150, 200);
    assert.deepEqual([got.emails, got.total, got.calls], [emails.slice(150, 310), USERS, 2]);
  });

  it('{250, 100}: one call (page 3 of size 117)', async () => {
    const got = await window(250, 100);
    assert.deepEqual([got.emails, got.total, got.sent], [emails.slice(250, 310), USERS, ['GET page=3 page_size=117']]);
  });

  it('{300, 300}: one call for the last ten', async () => {
    const got = await window(300, 300);
    assert.deepEqual([got.emails, got.total, got.calls], [emails.slice(300), USERS, 1]);
  });

  it('{305, 300}: the second page of the fallback is not asked for past the end', async () => {
    const got = await window(305, 300);
    assert.deepEqual([got.emails, got.total, got.sent], [emails.slice(305), USERS, ['GET page=2 page_size=300']]);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningGateway } from '../../src/server/create-gateway.js';
import type { RequestLogEntry } from '../../src/simulators/request-log.js';
import type { RunningSimulator } from '../../src/simulators/sim-server.js';
import { gql, startTestGateway } from '../helpers/gateway.js';
import { hook, startSim } from '../helpers/sim.js';

const USERS = 1000;

/** A Waldur with 1,000 users besides a staff admin, to show pages are read upstream, not loaded whole. */
function largeWaldurSeed(): unknown {
  const users = [{ uuid: 'f'.repeat(32), username: 'admin', email: 'admin@example.org', is_staff: true, token: 'admin-token' }];
  for (let i = 0; i < USERS; i++) {
    const n = String(i).padStart(4, '0');
    users.push({ uuid: `${'a'.repeat(28)}${n}`, username: `user${n}`, email: `user${n}@example.org`, is_staff: false, token: `token-${n}` });
  }
  return { users };
}

describe('a large Waldur is paged upstream', () => {
  let sim: RunningSimulator;
  let gateway: RunningGateway;
  before(async () => {
    sim = await startSim('waldur', largeWaldurSeed());
    // Window snapshots off: these tests count the calls one request makes (snapshots.test.ts covers sharing).
    gateway = await startTestGateway({
      sources: [{ name: 'big', vendor: 'waldur', url: sim.url, credentials: { mode: 'service', secret: 'admin-token' }, cache: { listTtlMs: 0 } }],
    });
  });
  after(async () => {
    await gateway.stop();
    await sim.close();
  });

  it('each page of 100 costs one or two windows of the list, never the whole list', async () => {
    let after: string | null = null;
    const seen: string[] = [];
    for (let page = 0; page < 5; page++) {
      await hook(sim, 'DELETE', 'requests');
      const { body } = await gql(gateway, 'query($after: String) { users(first: 100, after: $after) { nodes { email } pageInfo { endCursor hasNextPage } } }', {
        after,
      });
      assert.equal(body.errors, undefined, JSON.stringify(body.errors));
      const users = body.data!['users'] as { nodes: { email: string }[]; pageInfo: { endCursor: string; hasNextPage: boolean } };
      seen.push(...users.nodes.map((n) => n.email));
      after = users.pageInfo.endCursor;
      const { entries } = await hook<{ entries: RequestLogEntry[] }>(sim, 'GET', 'requests');
      assert.ok(entries.length >= 1 && entries.length <= 2, `page ${page}: ${entries.length} calls`);
      const read = entries.reduce((sum, e) => sum + Number(new URLSearchParams(e.query).get('page_size')), 0);
      assert.ok(read <= 2 * 101 + 100, `page ${page} read ${read} users upstream`);
    }
    assert.equal(seen.length, 500);
    assert.equal(new Set(seen).size, 500);
    assert.deepEqual(seen, [...seen].sort());
  });

  it('answers people and their accounts from the first window alone: one Waldur call, the first email included', async () => {
    for (const query of [
      '{ people(first: 20) { nodes { email accounts { username } } } }',
      '{ users(first: 20) { nodes { email person { accounts { username } } } } }',
    ]) {
      await hook(sim, 'DELETE', 'requests');
      const { body } = await gql(gateway, query);
      assert.equal(body.errors, undefined, JSON.stringify(body.errors));
      const { entries } = await hook<{ entries: RequestLogEntry[] }>(sim, 'GET', 'requests');
      // The window starts at offset 0, so it answers for admin@example.org, its first email, too.
      assert.deepEqual(
        entries.map((e) => [e.method, new URLSearchParams(e.query).get('page'), new URLSearchParams(e.query).get('email')]),
        [['GET', '1', null]],
        query,
      );
      assert.match(JSON.stringify(body.data), /"username":"admin"/);
    }
  });

  it("counts the whole list from the vendor's own total, reusing the page's call", async () => {
    await hook(sim, 'DELETE', 'requests');
    const { body } = await gql(gateway, '{ users(first: 0) { totalCount } }');
    assert.deepEqual(body.data, { users: { totalCount: USERS + 1 } });
    const { entries } = await hook<{ entries: RequestLogEntry[] }>(sim, 'GET', 'requests');
    // first: 0 still peeks one user for hasNextPage; that call's X-Result-Count answers totalCount.
    assert.deepEqual(
      entries.map((e) => [e.method, new URLSearchParams(e.query).get('page_size')]),
      [['GET', '1']],
    );
    await hook(sim, 'DELETE', 'requests');
    const count = await gql(gateway, '{ users(first: 0) { totalCount } }');
    assert.equal((count.body.data!['users'] as { totalCount: number }).totalCount, USERS + 1);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UpstreamStats } from '../../../src/http/upstream-stats.js';
import { hook, referenceSeed } from '../../helpers/sim.js';
import { counters, ctx, failsWith, NAME, refusals, requests, resultValue, stored, storedEmails, useDqopsWriteSim } from './write-fixtures.js';

describe('dqops adapter: createUser', () => {
  const f = useDqopsWriteSim();

  it('creates a user with one pre-check GET, one POST and one re-read, and reads it back with every domain filled in', async () => {
    const stats = new UpstreamStats();
    const user = resultValue(
      await f.adapter.createUser(ctx(stats), { email: 'barbara@example.com', roles: ['editor'], dataDomainRoles: [{ domain: 'datalake', role: 'viewer' }] }),
    );
    assert.deepEqual([user.source, user.nativeId, user.email, user.displayName], [NAME, 'barbara@example.com', 'barbara@example.com', 'barbara@example.com']);
    assert.deepEqual(user.details, {
      vendor: 'dqops',
      accountRole: 'editor',
      dataDomainRoles: [
        { domain: '(default)', role: 'none' },
        { domain: 'datalake', role: 'viewer' },
      ],
    });
    assert.deepEqual(
      user.permissions.map((p) => [p.role, p.level, p.scope.kind, p.scope.id]),
      [
        ['editor', 'EDIT', 'ACCOUNT', null],
        ['viewer', 'VIEW', 'DATA_DOMAIN', 'datalake'],
      ],
    );
    assert.equal(stats.calls, 3);
    assert.deepEqual((await counters(f.sim)).byRoute, { 'GET /api/users/{email}': 2, 'POST /api/users': 1 });
    assert.deepEqual(await stored(f.sim, 'barbara@example.com'), {
      email: 'barbara@example.com',
      accountRole: 'editor',
      dataDomainRoles: { datalake: 'viewer' },
      password: null,
    });
    assert.deepEqual(await f.adapter.getUser(ctx(), 'barbara@example.com'), user);
  });

  it('gives a user created without roles the account role none, never a privilege', async () => {
    const user = resultValue(await f.adapter.createUser(ctx(), { email: 'nobody@example.com' }));
    assert.deepEqual(user.permissions, []);
    assert.deepEqual(user.details, {
      vendor: 'dqops',
      accountRole: 'none',
      dataDomainRoles: [
        { domain: '(default)', role: 'none' },
        { domain: 'datalake', role: 'none' },
      ],
    });
    assert.deepEqual(await stored(f.sim, 'nobody@example.com'), { email: 'nobody@example.com', accountRole: 'none', dataDomainRoles: {}, password: null });
  });

  it('answers TAKEN on email for an existing user with exactly one GET and no POST', async () => {
    const stats = new UpstreamStats();
    const result = await f.adapter.createUser(ctx(stats), { email: 'grace@example.com', roles: ['viewer'] });
    assert.deepEqual(refusals(result), [[['email'], 'TAKEN']]);
    assert.equal(stats.calls, 1);
    assert.deepEqual((await counters(f.sim)).byRoute, { 'GET /api/users/{email}': 1 });
    assert.equal((await stored(f.sim, 'grace@example.com'))?.accountRole, 'editor');
  });

  it('refuses what DQOps does not have before any call, naming each field', async () => {
    const cases: [Parameters<typeof f.adapter.createUser>[1], [string[] | null, string][]][] = [
      [{ email: 'x@example.com', username: 'x' }, [[['username'], 'NOT_ALLOWED']]],
      [
        { email: 'x@example.com', firstName: 'X', lastName: 'Y' },
        [
          [['firstName'], 'NOT_ALLOWED'],
          [['lastName'], 'NOT_ALLOWED'],
        ],
      ],
      [{ email: 'x@example.com', waldur: { jobTitle: 'engineer' } }, [[['waldur'], 'NOT_ALLOWED']]],
      [{ email: 'x@example.com', roles: ['viewer', 'editor'] }, [[['roles'], 'INVALID']]],
      [{ email: 'x@example.com', roles: ['Admin'] }, [[['roles'], 'INVALID']]],
      [{ email: 'x@example.com', roles: ['owner'] }, [[['roles'], 'INVALID']]],
      [{ email: 'x@example.com', dataDomainRoles: [{ domain: 'datalake', role: 'superuser' }] }, [[['dataDomainRoles'], 'INVALID']]],
      [
        {
          email: 'x@example.com',
          dataDomainRoles: [
            { domain: 'datalake', role: 'viewer' },
            { domain: 'datalake', role: 'editor' },
          ],
        },
        [[['dataDomainRoles'], 'INVALID']],
      ],
      [{ email: 'x@example.com', dataDomainRoles: [{ domain: '', role: 'viewer' }] }, [[['dataDomainRoles'], 'INVALID']]],
      [{ email: '' }, [[['email'], 'REQUIRED']]],
    ];
    for (const [input, expected] of cases) assert.deepEqual(refusals(await f.adapter.createUser(ctx(), input)), expected, JSON.stringify(input));
    assert.equal((await counters(f.sim)).total, 0);
  });

  it('maps the user-limit 400 to LIMIT_EXCEEDED with no field (one GET, one POST)', async () => {
    await hook(f.sim, 'POST', 'faults', { kind: 'status', status: 400, method: 'POST', times: 1 });
    assert.deepEqual(refusals(await f.adapter.createUser(ctx(), { email: 'x@example.com' })), [[null, 'LIMIT_EXCEEDED']]);
    assert.deepEqual((await counters(f.sim)).byRoute, { 'GET /api/users/{email}': 1, 'POST /api/users': 1 });
  });

  it('maps a 406 to INVALID on email, and a 403 (a duplicate created since the check, or no manage_account) to UPSTREAM_FORBIDDEN', async () => {
    await hook(f.sim, 'POST', 'faults', { kind: 'status', status: 406, method: 'POST', times: 1 });
    assert.deepEqual(refusals(await f.adapter.createUser(ctx(), { email: 'x@example.com' })), [[['email'], 'INVALID']]);
    await hook(f.sim, 'POST', 'faults', { kind: 'status', status: 403, method: 'POST', times: 1 });
    await assert.rejects(f.adapter.createUser(ctx(), { email: 'x@example.com' }), failsWith('UPSTREAM_FORBIDDEN'));
    assert.equal(await stored(f.sim, 'x@example.com'), undefined);
  });

  it('lets a viewer key fail with UPSTREAM_FORBIDDEN on the POST', async () => {
    await assert.rejects(f.adapter.createUser(ctx(undefined, 'dqops-key-katherine-viewer'), { email: 'x@example.com' }), failsWith('UPSTREAM_FORBIDDEN'));
    assert.deepEqual((await counters(f.sim)).byRoute, { 'GET /api/users/{email}': 1, 'POST /api/users': 1 });
  });

  it('reports OUTCOME_UNKNOWN when the connection resets after the POST took effect, and never sends it twice', async () => {
    await hook(f.sim, 'POST', 'faults', { kind: 'reset', method: 'POST', when: 'after' });
    await assert.rejects(f.adapter.createUser(ctx(), { email: 'lost@example.com', roles: ['viewer'] }), (err: unknown) => {
      failsWith('OUTCOME_UNKNOWN')(err);
      assert.match((err as Error).message, /check its state before trying again/);
      return true;
    });
    const posts = (await requests(f.sim)).filter((e) => e.method === 'POST' && e.path === '/api/users');
    assert.equal(posts.length, 1);
    assert.equal(posts[0]!.status, null);
    assert.equal((await stored(f.sim, 'lost@example.com'))?.accountRole, 'viewer');
  });
});

describe('dqops adapter: createUser over the user limit', () => {
  const seed = { ...structuredClone(referenceSeed().dqops as object), userLimit: 5 };
  const f = useDqopsWriteSim(seed);

  it("answers LIMIT_EXCEEDED from the simulator's own limit, and stores nothing", async () => {
    const result = await f.adapter.createUser(ctx(), { email: 'sixth@example.com', roles: ['viewer'] });
    assert.deepEqual(refusals(result), [[null, 'LIMIT_EXCEEDED']]);
    assert.deepEqual((await counters(f.sim)).byRoute, { 'GET /api/users/{email}': 1, 'POST /api/users': 1 });
    assert.equal((await storedEmails(f.sim)).length, 5);
  });
});

describe('dqops adapter: updateUser and deleteUser', () => {
  const f = useDqopsWriteSim();

  it('reads, PUTs the full model and re-reads: account role and domain roles replaced', async () => {
    const stats = new UpstreamStats();
    const user = resultValue(
      await f.adapter.updateUser(ctx(stats), 'grace@example.com', { roles: ['viewer'], dataDomainRoles: [{ domain: '(default)', role: 'operator' }] }),
    );
    assert.deepEqual(user.details, {
      vendor: 'dqops',
      accountRole: 'viewer',
      dataDomainRoles: [
        { domain: '(default)', role: 'operator' },
        { domain: 'datalake', role: 'none' },
      ],
    });
    assert.equal(stats.calls, 3);
    assert.deepEqual((await counters(f.sim)).byRoute, { 'GET /api/users/{email}': 2, 'PUT /api/users/{email}': 1 });
    assert.deepEqual(await stored(f.sim, 'grace@example.com'), {
      email: 'grace@example.com',
      accountRole: 'viewer',
      dataDomainRoles: { '(default)': 'operator' },
      password: 'Cobol-1959-Nanosecond',
    });
  });

  it('keeps the domain roles when only roles change, and the account role when only domains change', async () => {
    resultValue(await f.adapter.updateUser(ctx(), 'grace@example.com', { roles: ['admin'] }));
    assert.deepEqual((await stored(f.sim, 'grace@example.com'))?.dataDomainRoles, { datalake: 'editor' });
    resultValue(await f.adapter.updateUser(ctx(), 'grace@example.com', { dataDomainRoles: [] }));
    const grace = await stored(f.sim, 'grace@example.com');
    assert.deepEqual([grace?.accountRole, grace?.dataDomainRoles], ['admin', {}]);
  });

  it('sends no PUT when nothing changes (one GET)', async () => {
    const user = resultValue(
      await f.adapter.updateUser(ctx(), 'grace@example.com', {
        roles: ['editor'],
        dataDomainRoles: [
          { domain: 'datalake', role: 'editor' },
          { domain: '(default)', role: 'none' },
        ],
      }),
    );
    assert.equal(user.details.vendor === 'dqops' && user.details.accountRole, 'editor');
    assert.deepEqual((await counters(f.sim)).byRoute, { 'GET /api/users/{email}': 1 });
  });

  it('is NOT_FOUND for an unknown user after one GET, with no PUT (whose answer would be a 500)', async () => {
    await assert.rejects(f.adapter.updateUser(ctx(), 'ghost@example.com', { roles: ['viewer'] }), failsWith('NOT_FOUND'));
    assert.deepEqual((await counters(f.sim)).byRoute, { 'GET /api/users/{email}': 1 });
  });

  it('refuses names, waldur fields and bad roles before any call, and an unknown domain after the read', async () => {
    assert.deepEqual(refusals(await f.adapter.updateUser(ctx(), 'grace@example.com', { firstName: 'Grace', waldur: { jobTitle: 'x' } })), [
      [['firstName'], 'NOT_ALLOWED'],
      [['waldur'], 'NOT_ALLOWED'],
    ]);
    assert.deepEqual(refusals(await f.adapter.updateUser(ctx(), 'grace@example.com', { roles: ['viewer', 'admin'] })), [[['roles'], 'INVALID']]);
    assert.equal((await counters(f.sim)).total, 0);
    assert.deepEqual(refusals(await f.adapter.updateUser(ctx(), 'grace@example.com', { dataDomainRoles: [{ domain: 'sales', role: 'viewer' }] })), [
      [['dataDomainRoles'], 'INVALID'],
    ]);
    assert.deepEqual((await counters(f.sim)).byRoute, { 'GET /api/users/{email}': 1 });
  });

  it('tells a vanished user from a server failure when the PUT answers 500', async () => {
    await hook(f.sim, 'POST', 'faults', { kind: 'status', status: 500, method: 'PUT', times: 1 });
    await assert.rejects(f.adapter.updateUser(ctx(), 'grace@example.com', { roles: ['viewer'] }), failsWith('UPSTREAM_UNAVAILABLE'));
    assert.deepEqual((await counters(f.sim)).byRoute, { 'GET /api/users/{email}': 2, 'PUT /api/users/{email}': 1 });
  });

  it('deletes with one GET and one DELETE, returning the user as last seen', async () => {
    const stats = new UpstreamStats();
    const user = resultValue(await f.adapter.deleteUser(ctx(stats), 'alan@example.com'));
    assert.deepEqual([user.nativeId, user.permissions.map((p) => p.role)], ['alan@example.com', ['operator']]);
    assert.equal(stats.calls, 2);
    assert.deepEqual((await counters(f.sim)).byRoute, { 'GET /api/users/{email}': 1, 'DELETE /api/users/{email}': 1 });
    assert.equal(await stored(f.sim, 'alan@example.com'), undefined);
  });

  it('is NOT_FOUND deleting an unknown user (one GET), or one deleted between the read and the DELETE', async () => {
    await assert.rejects(f.adapter.deleteUser(ctx(), 'ghost@example.com'), failsWith('NOT_FOUND'));
    assert.deepEqual((await counters(f.sim)).byRoute, { 'GET /api/users/{email}': 1 });
    await hook(f.sim, 'POST', 'faults', { kind: 'status', status: 404, method: 'DELETE', times: 1 });
    await assert.rejects(f.adapter.deleteUser(ctx(), 'alan@example.com'), failsWith('NOT_FOUND'));
  });

  it('is NOT_FOUND for an empty native id without a call', async () => {
    await assert.rejects(f.adapter.updateUser(ctx(), '', { roles: ['viewer'] }), failsWith('NOT_FOUND'));
    await assert.rejects(f.adapter.deleteUser(ctx(), ''), failsWith('NOT_FOUND'));
    await assert.rejects(f.adapter.changePassword(ctx(), '', 'whatever-1'), failsWith('NOT_FOUND'));
    assert.equal((await counters(f.sim)).total, 0);
  });
});

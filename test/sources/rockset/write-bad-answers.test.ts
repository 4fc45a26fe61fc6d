import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { UpstreamError } from '../../../src/errors.js';
import { createRocksetSourceAdapter } from '../../../src/sources/rockset/adapter.js';
import type { ListAllAdapter } from '../../../src/sources/source.js';
import { everythingIn, ORG, refusals } from './write-fixtures.js';

/**
 * The writes against a loopback server that answers whatever the test says: what goes on the wire,
 * and answers the simulator, being faithful, never sends.
 */
describe('Rockset adapter writes: the wire and odd answers', () => {
  let server: Server;
  let adapter: ListAllAdapter;
  let answers: { status: number; body: string }[] = [];
  let seen: { method: string; path: string; headers: IncomingHttpHeaders; body: string }[] = [];

  before(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        const answer = answers.shift() ?? { status: 500, body: '' };
        res.writeHead(answer.status, answer.body === '' ? {} : { 'content-type': 'application/json' });
        res.end(answer.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    adapter = createRocksetSourceAdapter({ name: 'rockset-odd', url: `http://127.0.0.1:${port}/base/`, timeoutMs: 1000 });
  });
  beforeEach(() => {
    seen = [];
    answers = [];
  });
  after(async () => {
    await adapter.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const ctx = { credential: 'sk-SECRET-123' };
  const reply = (...list: [number, unknown][]) => {
    answers = list.map(([status, body]) => ({ status, body: typeof body === 'string' ? body : JSON.stringify(body) }));
  };
  const fails = (code: string, says?: RegExp) => (err: unknown) => {
    const e = err as UpstreamError;
    assert.deepEqual([e.code, e.source], [code, 'rockset-odd'], e.stack);
    if (says) assert.match(e.message, says);
    assert.ok(!everythingIn(err).includes('sk-SECRET'), everythingIn(err));
    return true;
  };
  const user = { email: 'a@example.com', roles: ['member'], state: 'ACTIVE' };

  it('sends each write as Rockset documents it: method, path, JSON body, ApiKey header', async () => {
    reply([200, { data: user }], [200, user], [200, { data: user }], [200, { data: [] }]);
    await adapter.createUser(ctx, { email: 'a@example.com', firstName: 'A', roles: ['member'] });
    await adapter.updateUser(ctx, 'A+b@example.com', { lastName: 'B' });
    await adapter.deleteUser(ctx, 'a@example.com');
    await adapter.setNotificationPreferences(ctx, ['x']);
    assert.deepEqual(
      seen.map((s) => [s.method, s.path, s.body]),
      [
        ['POST', '/base/v1/orgs/self/users', '{"email":"a@example.com","roles":["member"],"first_name":"A"}'],
        ['POST', '/base/v1/orgs/self/users/A%2Bb%40example.com', '{"last_name":"B"}'],
        ['DELETE', '/base/v1/orgs/self/users/a%40example.com', ''],
        ['POST', '/base/v1/orgs/self/users/self/preferences', '{"data":[{"notificationType":"x"}]}'],
      ],
    );
    assert.ok(seen.every((s) => s.headers.authorization === 'ApiKey sk-SECRET-123'));
    assert.deepEqual(
      seen.map((s) => s.headers['content-type']),
      ['application/json', 'application/json', undefined, 'application/json'],
    );
  });

  it('reads the user for a role change, then posts the whole list', async () => {
    reply([200, user], [200, { ...user, roles: ['member', 'admin'] }]);
    await adapter.grantRole(ctx, 'a@example.com', { role: 'admin', scope: ORG });
    assert.deepEqual(
      seen.map((s) => [s.method, s.body]),
      [
        ['GET', ''],
        ['POST', '{"roles":["member","admin"]}'],
      ],
    );
  });

  it('finds the field an INVALIDINPUT message names, and passes null when it names none of ours', async () => {
    reply([400, { type: 'INVALIDINPUT', message: 'Invalid input: last_name must be a string.' }]);
    assert.deepEqual(refusals(await adapter.createUser(ctx, { email: 'a@example.com', roles: ['member'] })), [['lastName', 'INVALID']]);
    reply([400, { type: 'INVALIDINPUT', message: 'Organization is over its user quota.' }]);
    assert.deepEqual(refusals(await adapter.createUser(ctx, { email: 'a@example.com', roles: ['member'] })), [[null, 'INVALID']]);
    reply([400, { type: 'INVALIDINPUT' }]);
    const bare = await adapter.setNotificationPreferences(ctx, ['x']);
    assert.deepEqual(refusals(bare), [[null, 'INVALID']]);
    assert.ok(!bare.ok && bare.userErrors[0]!.message === 'source "rockset-odd" refused the input (HTTP 400 INVALIDINPUT)');
  });

  it('throws for a 400 that is not INVALIDINPUT, or not JSON, without quoting the body', async () => {
    reply([400, { type: 'BADREQUEST', message: 'sk-SECRET body' }]);
    await assert.rejects(adapter.createUser(ctx, { email: 'a@example.com', roles: ['member'] }), fails('UPSTREAM_BAD_RESPONSE', /HTTP 400/));
    reply([400, '<html>sk-SECRET</html>']);
    await assert.rejects(adapter.updateUser(ctx, 'a@example.com', { firstName: 'A' }), fails('UPSTREAM_BAD_RESPONSE', /HTTP 400/));
  });

  it('throws UPSTREAM_CONFLICT for any 409, NOT_FOUND for a 404, and the shared errors otherwise', async () => {
    reply([409, { type: 'CONFLICT', message: 'x' }]);
    await assert.rejects(adapter.createUser(ctx, { email: 'a@example.com', roles: ['member'] }), fails('UPSTREAM_CONFLICT'));
    reply([404, '']);
    await assert.rejects(adapter.deleteUser(ctx, 'a@example.com'), fails('NOT_FOUND'));
    reply([403, { type: 'FORBIDDEN' }]);
    await assert.rejects(adapter.setNotificationPreferences(ctx, []), fails('UPSTREAM_FORBIDDEN'));
    reply([503, '']);
    await assert.rejects(adapter.updateUser(ctx, 'a@example.com', {}), fails('UPSTREAM_UNAVAILABLE'));
  });

  it('fails a create or delete answer without its user, and a 201, as UPSTREAM_BAD_RESPONSE', async () => {
    reply([200, {}]);
    await assert.rejects(
      adapter.createUser(ctx, { email: 'a@example.com', roles: ['member'] }),
      fails('UPSTREAM_BAD_RESPONSE', /CreateUserResponse.*data: required object is missing/),
    );
    reply([200, user]);
    await assert.rejects(adapter.deleteUser(ctx, 'a@example.com'), fails('UPSTREAM_BAD_RESPONSE', /DeleteUserResponse/));
    reply([201, { data: user }]);
    await assert.rejects(adapter.createUser(ctx, { email: 'a@example.com', roles: ['member'] }), fails('UPSTREAM_BAD_RESPONSE', /HTTP 201/));
  });
});

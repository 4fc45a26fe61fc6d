import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { UpstreamError } from '../../../src/errors.js';
import { createRocksetSourceAdapter } from '../../../src/sources/rockset/adapter.js';
import type { ListAllAdapter } from '../../../src/sources/source.js';

/**
 * The adapter against a loopback server that answers whatever the test says: shapes and statuses
 * the simulator, being faithful, never sends.
 */
describe('Rockset adapter given bad answers', () => {
  let server: Server;
  let adapter: ListAllAdapter;
  let answer: { status: number; body: string } = { status: 200, body: '{}' };
  let seen: { path: string; headers: IncomingHttpHeaders }[] = [];

  before(async () => {
    server = createServer((req, res) => {
      seen.push({ path: req.url ?? '', headers: req.headers });
      res.writeHead(answer.status, answer.body === '' ? {} : { 'content-type': 'application/json' });
      res.end(answer.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    adapter = createRocksetSourceAdapter({ name: 'rockset-odd', url: `http://127.0.0.1:${port}/base/`, timeoutMs: 1000 });
  });
  beforeEach(() => {
    seen = [];
  });
  after(async () => {
    await adapter.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const ctx = { credential: 'sk-SECRET-123' };
  const reply = (status: number, body: unknown) => {
    answer = { status, body: typeof body === 'string' ? body : JSON.stringify(body) };
  };
  const badResponse = (says: RegExp) => (err: unknown) => {
    const e = err as UpstreamError;
    assert.deepEqual([e.code, e.source], ['UPSTREAM_BAD_RESPONSE', 'rockset-odd'], (err as Error).stack);
    assert.match(e.message, says);
    assert.ok(!e.message.includes('sk-SECRET'), e.message);
    return true;
  };

  it('sends Authorization: ApiKey <key> and asks for JSON, below the configured path prefix', async () => {
    reply(200, { data: [] });
    assert.deepEqual(await adapter.listAllUsers(ctx), []);
    assert.equal(seen.length, 1);
    assert.equal(seen[0]!.path, '/base/v1/orgs/self/users');
    assert.equal(seen[0]!.headers.authorization, 'ApiKey sk-SECRET-123');
    assert.equal(seen[0]!.headers.accept, 'application/json');
  });

  it('reads a list without data, and preferences without data, as empty', async () => {
    reply(200, {});
    assert.deepEqual(await adapter.listAllUsers(ctx), []);
    assert.deepEqual(await adapter.notificationPreferences(ctx), []);
  });

  it('fails a list of the wrong shape, naming the key path and not the value', async () => {
    reply(200, { data: [{ email: 'a@example.com' }, { email: 'sk-SECRET', roles: 'admin' }] });
    await assert.rejects(adapter.listAllUsers(ctx), badResponse(/ListUsersResponse.*data\[1\]\.roles: expected array, got string/));
    reply(200, [{ email: 'a@example.com' }]);
    await assert.rejects(adapter.findUsersByEmail(ctx, 'a@example.com'), badResponse(/\(body\): expected object, got array/));
  });

  it('fails a wrapped user where Rockset sends a bare one', async () => {
    reply(200, { data: { email: 'a@example.com' } });
    await assert.rejects(adapter.currentUser(ctx), badResponse(/User.*email: required string is missing/));
    await assert.rejects(adapter.getUser(ctx, 'a@example.com'), badResponse(/email: required string is missing/));
  });

  it('fails a listing whose created_at is not a date, but a lookup of someone else still works', async () => {
    reply(200, {
      data: [
        { email: 'a@example.com', created_at: 'sk-SECRET' },
        { email: 'b@example.com', created_at: '2023-01-01T00:00:00Z' },
      ],
    });
    await assert.rejects(adapter.listAllUsers(ctx), badResponse(/created_at is not an ISO-8601 date/));
    const found = await adapter.findUsersByEmail(ctx, 'B@example.com');
    assert.deepEqual(
      found.map((u) => u.nativeId),
      ['b@example.com'],
    );
  });

  it('fails a 200 that is empty or not JSON, without quoting it', async () => {
    reply(200, '');
    await assert.rejects(adapter.currentUser(ctx), badResponse(/not valid JSON/));
    reply(200, 'sk-SECRET <html>');
    await assert.rejects(adapter.notificationPreferences(ctx), badResponse(/not valid JSON in answer to GET .*\(ListUnsubscribePreferencesResponse\)$/));
  });

  it('fails a success status Rockset never sends (204, 201)', async () => {
    reply(204, '');
    await assert.rejects(adapter.listAllUsers(ctx), badResponse(/HTTP 204/));
    reply(201, { email: 'a@example.com' });
    await assert.rejects(adapter.getUser(ctx, 'a@example.com'), badResponse(/HTTP 201/));
  });

  it('reads a 404 on getUser as null whatever its body', async () => {
    reply(404, '<html>Not Found</html>');
    assert.equal(await adapter.getUser(ctx, 'a@example.com'), null);
    assert.equal(seen[0]!.path, '/base/v1/orgs/self/users/a%40example.com');
  });
});

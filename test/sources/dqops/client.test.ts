import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { GatewayError } from '../../../src/errors.js';
import { UpstreamClient } from '../../../src/http/upstream-client.js';
import { DqopsClient, encodePathSegment } from '../../../src/sources/dqops/client.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

/**
 * A loopback server that records what the client sends and answers what the test scripts, so
 * the wire format (header, path, parsing) is checked without the simulator's own rules.
 */
describe('dqops client: the wire format', () => {
  let server: Server;
  let client: DqopsClient;
  let seen: Seen[] = [];
  let answer: { status: number; body: string; type?: string } = { status: 200, body: '[]' };

  before(async () => {
    server = createServer((req, res) => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
      res.writeHead(answer.status, answer.type ? { 'content-type': answer.type } : {});
      res.end(answer.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    client = new DqopsClient(new UpstreamClient({ source: 'wire', url: `http://127.0.0.1:${port}/dqops/`, timeoutMs: 2_000 }));
  });
  beforeEach(() => {
    seen = [];
    answer = { status: 200, body: '[]', type: 'application/json' };
  });
  after(async () => {
    await client.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const ctx = { credential: 'key-123' };

  it('sends GET /api/users with a Bearer credential and accepts JSON, below the base path', async () => {
    answer = { status: 200, body: '[{"email":"a@example.com","accountRole":"viewer","dataDomainRoles":{"(default)":"none"}}]', type: 'application/json' };
    const users = await client.listUsers(ctx);
    assert.deepEqual(users, [{ email: 'a@example.com', accountRole: 'viewer', dataDomainRoles: { '(default)': 'none' } }]);
    assert.equal(seen.length, 1);
    assert.deepEqual(
      [seen[0]!.method, seen[0]!.url, seen[0]!.headers.authorization, seen[0]!.headers.accept],
      ['GET', '/dqops/api/users', 'Bearer key-123', 'application/json'],
    );
  });

  it('percent-encodes the email in GET /api/users/{email}', async () => {
    answer = { status: 200, body: '{"email":"a b/c?d#e%f@x.org"}', type: 'application/json' };
    await client.getUser(ctx, 'a b/c?d#e%f@x.org');
    assert.equal(seen[0]!.url, '/dqops/api/users/a%20b%2Fc%3Fd%23e%25f%40x.org');
  });

  it('reads a 404 with an empty body as "no such user"', async () => {
    answer = { status: 404, body: '' };
    assert.equal(await client.getUser(ctx, 'nobody@example.com'), null);
  });

  it('never parses a 4xx body', async () => {
    answer = { status: 403, body: 'Access Denied', type: 'text/plain' };
    await assert.rejects(client.getUser(ctx, 'a@example.com'), (err: unknown) => (err as GatewayError).code === 'UPSTREAM_FORBIDDEN');
    answer = { status: 401, body: '' };
    await assert.rejects(client.listUsers(ctx), (err: unknown) => (err as GatewayError).code === 'UPSTREAM_UNAUTHORIZED');
  });

  it('refuses a 200 with an empty body, as it is not JSON', async () => {
    answer = { status: 200, body: '' };
    await assert.rejects(client.getUser(ctx, 'a@example.com'), (err: unknown) => {
      assert.equal((err as GatewayError).code, 'UPSTREAM_BAD_RESPONSE');
      assert.match((err as Error).message, /GET \/api\/users\/\{email\}/);
      assert.ok(!(err as Error).message.includes('a@example.com'));
      return true;
    });
  });

  it('encodes the dot segments, which would otherwise be resolved away', () => {
    assert.deepEqual(['.', '..', 'a.b@c.d'].map(encodePathSegment), ['%2E', '%2E%2E', 'a.b%40c.d']);
  });
});

import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { UpstreamError } from '../../../src/errors.js';
import { UpstreamStats } from '../../../src/http/upstream-stats.js';
import type { PagedAdapter } from '../../../src/sources/source.js';
import { createWaldurSourceAdapter } from '../../../src/sources/waldur/adapter.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const user = (n: number) => ({ uuid: n.toString(16).padStart(32, '0'), username: `u${n}`, email: `u${n}@example.com` });

/**
 * Answers the simulator never gives: a hand-written server on loopback, so each case shows
 * exactly which header or body makes the adapter refuse (and that nothing of it leaks).
 */
describe('waldur adapter: answers a real deployment might give', () => {
  let server: Server;
  let adapter: PagedAdapter;
  let handler: Handler = (_req, res) => res.end();
  let seen: string[] = [];
  before(async () => {
    server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      handler(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    adapter = createWaldurSourceAdapter({ name: 'odd', url: `http://127.0.0.1:${port}`, timeoutMs: 2000 });
  });
  beforeEach(() => {
    seen = [];
  });
  after(async () => {
    await adapter.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const json =
    (status: number, body: unknown, headers: Record<string, string> = {}): Handler =>
    (_req, res) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
  const list = (offset = 0, limit = 10) => adapter.listUsersPage({ credential: 'secret-token-1', stats: new UpstreamStats() }, { offset, limit, filter: {} });
  const refusedAs = (code: string, pattern: RegExp) => (err: unknown) => {
    const e = err as UpstreamError;
    assert.equal(e.code, code, e.stack);
    assert.match(e.message, pattern);
    assert.doesNotMatch(e.message, /secret-token-1/);
    return true;
  };

  it('sends the credential as `Authorization: Token <key>`', async () => {
    let auth: string | undefined;
    handler = (req, res) => {
      auth = req.headers['authorization'];
      json(200, [user(1)], { 'x-result-count': '1' })(req, res);
    };
    assert.equal((await list()).total, 1);
    assert.equal(auth, 'Token secret-token-1');
  });

  it('refuses a list without X-Result-Count, or with one that is not a count', async () => {
    handler = json(200, [user(1)]);
    await assert.rejects(list(), refusedAs('UPSTREAM_BAD_RESPONSE', /no X-Result-Count header/));
    for (const garbled of ['many', '-1', '1.5', '', '99999999999999999999']) {
      handler = json(200, [user(1)], { 'x-result-count': garbled });
      await assert.rejects(list(), refusedAs('UPSTREAM_BAD_RESPONSE', /X-Result-Count/), garbled);
    }
  });

  it('refuses a page shorter than page_size and the count imply (a server capping page_size)', async () => {
    handler = json(200, [user(1), user(2)], { 'x-result-count': '50' });
    await assert.rejects(list(0, 10), refusedAs('UPSTREAM_BAD_RESPONSE', /sent 2 users for page 1 of size 10 .* implies 10/));
  });

  it('refuses an envelope where a bare array belongs', async () => {
    handler = json(200, { count: 1, results: [user(1)] }, { 'x-result-count': '1' });
    await assert.rejects(list(), refusedAs('UPSTREAM_BAD_RESPONSE', /users_list: \(body\): expected array, got object/));
  });

  it('treats an HTML 404 as a wrong URL, on page 1 and past it, without a count call', async () => {
    handler = (_req, res) => {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<h1>Not Found</h1>');
    };
    await assert.rejects(list(0, 10), refusedAs('UPSTREAM_BAD_RESPONSE', /HTTP 404/));
    await assert.rejects(list(40, 10), refusedAs('UPSTREAM_BAD_RESPONSE', /HTTP 404/));
    assert.deepEqual(
      seen.map((s) => s.split(' ')[0]),
      ['GET', 'GET'],
    );
  });

  it('reads a DRF 404 past the end in another language as past the end', async () => {
    handler = (req, res) => {
      if (req.method === 'HEAD') json(200, '', { 'x-result-count': '12' })(req, res);
      else json(404, { detail: 'Ungültige Seite.' })(req, res);
    };
    assert.deepEqual(await list(40, 10), { users: [], total: 12 });
    assert.deepEqual(
      seen.map((s) => s.split(' ')[0]),
      ['GET', 'HEAD'],
    );
  });

  it('refuses a 2xx other than 200 for a user lookup, and passes a 404 on as null', async () => {
    handler = (_req, res) => {
      res.writeHead(204);
      res.end();
    };
    await assert.rejects(adapter.getUser({ credential: 'secret-token-1' }, user(1).uuid), refusedAs('UPSTREAM_BAD_RESPONSE', /users_retrieve with HTTP 204/));
    handler = json(404, { detail: 'Not found.' });
    assert.equal(await adapter.getUser({ credential: 'secret-token-1' }, user(1).uuid), null);
  });

  it('does not quote an upstream body that echoes the token', async () => {
    handler = json(400, { token: ['secret-token-1 is not valid'] });
    await assert.rejects(adapter.currentUser({ credential: 'secret-token-1' }), refusedAs('UPSTREAM_BAD_RESPONSE', /HTTP 400/));
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"token": "secret-token-1", oops');
    };
    await assert.rejects(adapter.userToken({ credential: 'secret-token-1' }, user(1).uuid), (err: unknown) => {
      refusedAs('UPSTREAM_BAD_RESPONSE', /not valid JSON/)(err);
      assert.equal((err as Error).cause, undefined);
      return true;
    });
  });
});

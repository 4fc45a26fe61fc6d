import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { UpstreamClient } from '../../../src/http/upstream-client.js';
import { UpstreamStats } from '../../../src/http/upstream-stats.js';

describe('UpstreamClient', () => {
  let server: Server;
  let url: string;
  let hits = 0;
  before(async () => {
    // Answers after 50 ms, so concurrent requests overlap in flight.
    server = createServer((_req, res) => {
      hits++;
      setTimeout(() => res.end('{"ok":true}'), 50);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('shares identical GETs in flight, but not reads that ask for their own call', async () => {
    const client = new UpstreamClient({ source: 's', url, timeoutMs: 2_000 });
    try {
      const get = { method: 'GET' as const, path: '/users', idempotent: true, headers: { authorization: 'Token a' } };
      hits = 0;
      const stats = new UpstreamStats();
      await Promise.all([client.send(get, { stats }), client.send(get, { stats }), client.send(get, { stats, shareInFlight: false })]);
      assert.equal(hits, 2);
      assert.equal(stats.calls, 2);
      hits = 0;
      // Another credential is another request, even for the same path.
      await Promise.all([client.send(get), client.send({ ...get, headers: { authorization: 'Token b' } })]);
      assert.equal(hits, 2);
    } finally {
      await client.close();
    }
  });
});

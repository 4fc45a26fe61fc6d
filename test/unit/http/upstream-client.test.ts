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
    server = createServer((req, res) => {
      hits++;
      if (req.url === '/chunked') {
        // Three chunks of 1,000 bytes, the last after a pause, so the body arrives in pieces.
        res.write('a'.repeat(1000));
        res.write('b'.repeat(1000));
        setTimeout(() => res.end('c'.repeat(1000)), 20);
        return;
      }
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

  it('reads a body sent in pieces whole, and refuses one past maxResponseBytes without buffering it', async () => {
    const get = { method: 'GET' as const, path: '/chunked', idempotent: true };
    const roomy = new UpstreamClient({ source: 's', url, timeoutMs: 2_000, maxResponseBytes: 3_000 });
    const tight = new UpstreamClient({ source: 's', url, timeoutMs: 2_000, maxResponseBytes: 1_500 });
    try {
      const whole = await roomy.send(get);
      assert.equal(whole.body.toString(), 'a'.repeat(1000) + 'b'.repeat(1000) + 'c'.repeat(1000));
      await assert.rejects(tight.send(get), (err: Error & { code?: string }) => {
        assert.equal(err.code, 'UPSTREAM_BAD_RESPONSE');
        assert.match(err.message, /source "s" sent an answer larger than 1500 bytes/);
        return true;
      });
    } finally {
      await roomy.close();
      await tight.close();
    }
  });
});

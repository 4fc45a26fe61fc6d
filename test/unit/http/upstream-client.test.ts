import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_RESILIENCE, type ResilienceConfig } from '../../../src/config/config-schema.js';
import { UpstreamClient } from '../../../src/http/upstream-client.js';
import { UpstreamStats } from '../../../src/http/upstream-stats.js';

describe('UpstreamClient', () => {
  let server: Server;
  let url: string;
  let hits = 0;
  /** Requests to `/hang` whose connection the client closed (the call was cut). */
  let cut = 0;
  before(async () => {
    // Answers after 50 ms, so concurrent requests overlap in flight.
    server = createServer((req, res) => {
      hits++;
      if (req.url === '/hang') {
        res.on('close', () => {
          if (!res.writableEnded) cut++;
        });
        return;
      }
      if (req.url === '/declared') {
        // Says 5,000 bytes and sends a few, then waits: a client that trusts the header refuses at once.
        res.writeHead(200, { 'content-length': '5000' });
        res.write('x'.repeat(100));
        res.on('close', () => {
          if (!res.writableEnded) cut++;
        });
        return;
      }
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
  after(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );

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
  it('refuses an answer whose declared length is past maxResponseBytes without waiting for its body, and closes its connection', async () => {
    const tight = new UpstreamClient({ source: 's', url, timeoutMs: 5_000, maxResponseBytes: 1_500 });
    const before = cut;
    try {
      await assert.rejects(tight.send({ method: 'GET', path: '/declared', idempotent: true }), (err: Error & { code?: string }) => {
        assert.equal(err.code, 'UPSTREAM_BAD_RESPONSE');
        return true;
      });
      for (let i = 0; i < 50 && cut === before; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      assert.equal(cut, before + 1, 'the half-sent answer was cut, not left open');
    } finally {
      await tight.close();
    }
  });

  /** One slot and one queue place, no retries: what a busy source looks like. */
  const oneSlot: ResilienceConfig = { ...DEFAULT_RESILIENCE, retries: 0, bulkhead: { maxConcurrent: 1, maxQueue: 1 } };
  const own = { method: 'GET' as const, path: '/users', idempotent: true };

  it('queues a call while every slot is busy and sends it when one frees', async () => {
    const client = new UpstreamClient({ source: 's', url, timeoutMs: 2_000, resilience: oneSlot });
    try {
      hits = 0;
      const answers = await Promise.all([client.send(own, { shareInFlight: false }), client.send(own, { shareInFlight: false })]);
      assert.deepEqual(
        answers.map((a) => a.status),
        [200, 200],
      );
      assert.equal(hits, 2);
    } finally {
      await client.close();
    }
  });

  it('a queued call whose request deadline passes is never sent: UPSTREAM_TIMEOUT naming the wait', async () => {
    const client = new UpstreamClient({ source: 's', url, timeoutMs: 2_000, resilience: oneSlot });
    try {
      hits = 0;
      const deadline = new AbortController();
      const first = client.send(own, { shareInFlight: false });
      const queued = client.send(own, { shareInFlight: false, signal: deadline.signal });
      setTimeout(() => deadline.abort(), 10);
      await assert.rejects(queued, (err: Error & { code?: string }) => {
        assert.equal(err.code, 'UPSTREAM_TIMEOUT');
        assert.match(err.message, /deadline \(server.requestTimeoutMs\) passed before source "s" had a free slot/);
        return true;
      });
      assert.equal((await first).status, 200);
      // The slot freed after the queued call had given up: it must not go out then.
      await new Promise((resolve) => setTimeout(resolve, 30));
      assert.equal(hits, 1);
    } finally {
      await client.close();
    }
  });

  it("a try longer than the source's timeoutMs is cut: UPSTREAM_TIMEOUT, and the connection closed", async () => {
    const client = new UpstreamClient({ source: 's', url, timeoutMs: 100, resilience: { ...oneSlot, bulkhead: { maxConcurrent: 4, maxQueue: 4 } } });
    try {
      cut = 0;
      await assert.rejects(client.send({ ...own, path: '/hang' }), (err: Error & { code?: string }) => {
        assert.equal(err.code, 'UPSTREAM_TIMEOUT');
        assert.match(err.message, /source "s" did not answer within 100 ms/);
        return true;
      });
      await waitFor(() => cut === 1);
    } finally {
      await client.close();
    }
  });

  it('a shared GET is cut once the last caller waiting for it gives up, not before', async () => {
    const client = new UpstreamClient({ source: 's', url, timeoutMs: 5_000 });
    try {
      cut = 0;
      hits = 0;
      const early = new AbortController();
      const late = new AbortController();
      const hang = { ...own, path: '/hang' };
      const first = client.send(hang, { signal: early.signal });
      const second = client.send(hang, { signal: late.signal });
      await waitFor(() => hits === 1);
      early.abort();
      await assert.rejects(first, { code: 'UPSTREAM_TIMEOUT' });
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(cut, 0, 'one caller still waits: the call goes on');
      late.abort();
      await assert.rejects(second, { code: 'UPSTREAM_TIMEOUT' });
      await waitFor(() => cut === 1);
      assert.equal(hits, 1);
    } finally {
      await client.close();
    }
  });
});

async function waitFor(done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.ok(done(), 'waited 2 s');
}

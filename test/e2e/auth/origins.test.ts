import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { request } from 'undici';
import { TEST_KEYS } from '../../helpers/gateway.js';
import { type Stack, startStack } from '../../helpers/stack.js';

const APP = 'https://app.example.com';
const EVIL = 'https://evil.example';

describe('browser origins and Host names', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ server: { cors: { origins: [APP] }, sandbox: false } });
  });
  after(() => stack.stop());

  it('an allowed origin gets CORS headers on its preflight and its request', async () => {
    const preflight = await request(stack.gateway.url, {
      method: 'OPTIONS',
      headers: { origin: APP, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' },
    });
    assert.equal(preflight.statusCode, 204);
    assert.equal(preflight.headers['access-control-allow-origin'], APP);
    assert.match(String(preflight.headers['access-control-allow-headers']), /authorization/);
    await preflight.body.dump();
    const res = await request(stack.gateway.url, {
      method: 'POST',
      headers: { origin: APP, 'content-type': 'application/json', authorization: `Bearer ${TEST_KEYS.viewer}` },
      body: JSON.stringify({ query: '{ sources { name } }' }),
    });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['access-control-allow-origin'], APP);
    await res.body.dump();
  });

  it('another origin gets no CORS headers, and neither its preflight nor its simple POST runs anything', async () => {
    await stack.resetCounts();
    const preflight = await request(stack.gateway.url, {
      method: 'OPTIONS',
      headers: { origin: EVIL, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    assert.equal(preflight.statusCode, 403);
    assert.equal(preflight.headers['access-control-allow-origin'], undefined);
    await preflight.body.dump();

    // What a page on evil.example can send without a preflight: text/plain, no Authorization.
    const mutation = 'mutation { deleteUser(input: { userId: "ZHFvcHMtcmVmOmdyYWNlQGV4YW1wbGUuY29t" }) { deletedUserId } }';
    const simple = await request(stack.gateway.url, {
      method: 'POST',
      headers: { origin: EVIL, 'content-type': 'text/plain' },
      body: JSON.stringify({ query: mutation }),
    });
    assert.equal(simple.statusCode, 403);
    assert.equal(simple.headers['access-control-allow-origin'], undefined);
    await simple.body.dump();

    // Even holding a key (a script outside a browser can set any Origin), that Origin is refused.
    const keyed = await request(stack.gateway.url, {
      method: 'POST',
      headers: { origin: EVIL, 'content-type': 'application/json', authorization: `Bearer ${TEST_KEYS.admin}` },
      body: JSON.stringify({ query: mutation }),
    });
    assert.equal(keyed.statusCode, 403);
    await keyed.body.dump();
    assert.equal(await stack.totalCalls(), 0);
  });

  it('without an Origin allowlist entry, a same-origin page (the gateway serving its own UI) is let in', async () => {
    const self = new URL(stack.gateway.url).origin;
    const res = await request(stack.gateway.url, {
      method: 'POST',
      headers: { origin: self, 'content-type': 'application/json', authorization: `Bearer ${TEST_KEYS.viewer}` },
      body: JSON.stringify({ query: '{ sources { name } }' }),
    });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['access-control-allow-origin'], undefined, 'same-origin needs no CORS headers');
    await res.body.dump();
  });

  it('on loopback, a Host that is not a loopback name is refused (DNS rebinding), with no upstream call', async () => {
    await stack.resetCounts();
    const port = new URL(stack.gateway.url).port;
    for (const host of [`evil.example:${port}`, `127.0.0.1.nip.io:${port}`, `[::2]:${port}`]) {
      const res = await request(stack.gateway.url, {
        method: 'POST',
        headers: { host, 'content-type': 'application/json', authorization: `Bearer ${TEST_KEYS.viewer}` },
        body: JSON.stringify({ query: '{ users(first: 1) { nodes { email } } }' }),
      });
      assert.equal(res.statusCode, 403, host);
      await res.body.dump();
    }
    assert.equal(await stack.totalCalls(), 0);
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`]) {
      const res = await request(stack.gateway.url, {
        method: 'POST',
        headers: { host, 'content-type': 'application/json', authorization: `Bearer ${TEST_KEYS.viewer}` },
        body: JSON.stringify({ query: '{ sources { name } }' }),
      });
      assert.equal(res.statusCode, 200, host);
      await res.body.dump();
    }
  });
});

describe('server.allowedHosts', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ server: { allowedHosts: ['usergraph.internal'] } });
  });
  after(() => stack.stop());

  it('answers only the configured host names', async () => {
    const port = new URL(stack.gateway.url).port;
    const ask = async (host: string) => {
      const res = await request(stack.gateway.url, {
        method: 'POST',
        headers: { host, 'content-type': 'application/json', authorization: `Bearer ${TEST_KEYS.viewer}` },
        body: JSON.stringify({ query: '{ sources { name } }' }),
      });
      await res.body.dump();
      return res.statusCode;
    };
    assert.equal(await ask(`usergraph.internal:${port}`), 200);
    assert.equal(await ask(`localhost:${port}`), 403);
    // The last Host's answer is remembered: the same names again, in turns, keep their answers.
    const names = [`usergraph.internal:${port}`, `usergraph.internal:${port}`, `evil.example:${port}`, `evil.example:${port}`, `usergraph.internal:${port}`];
    const statuses: number[] = [];
    for (const host of names) statuses.push(await ask(host));
    assert.deepEqual(statuses, [200, 200, 403, 403, 200]);
  });
});

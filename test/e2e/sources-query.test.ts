import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { request } from 'undici';
import type { RunningGateway } from '../../src/server/create-gateway.js';
import { asKey, gql, startTestGateway, TEST_KEYS } from '../helpers/gateway.js';

describe('the sources query', () => {
  let gateway: RunningGateway;
  before(async () => {
    gateway = await startTestGateway({
      sources: [
        { name: 'dqops-prod', vendor: 'dqops', url: 'http://127.0.0.1:9001', credentials: { mode: 'service', secret: 'k1' } },
        { name: 'waldur-hpc', vendor: 'waldur', url: 'http://127.0.0.1:9002/', credentials: { mode: 'service', secret: 'k2' } },
        { name: 'rockset-eu', vendor: 'rockset', url: 'http://127.0.0.1:9003', credentials: { mode: 'forward', header: 'x-rockset-authorization' } },
      ],
    });
  });
  after(() => gateway.stop());

  it('lists the configured sources in config order with their vendor, url and capabilities', async () => {
    const { status, body } = await gql(gateway, '{ sources { name vendor url capabilities } }');
    assert.equal(status, 200);
    assert.equal(body.errors, undefined);
    const sources = body.data!['sources'] as { name: string; vendor: string; url: string; capabilities: string[] }[];
    assert.deepEqual(
      sources.map((s) => [s.name, s.vendor, s.url]),
      [
        // The URL scalar (graphql-scalars) answers the WHATWG form, with the root path's slash.
        ['dqops-prod', 'DQOPS', 'http://127.0.0.1:9001/'],
        ['waldur-hpc', 'WALDUR', 'http://127.0.0.1:9002/'],
        ['rockset-eu', 'ROCKSET', 'http://127.0.0.1:9003/'],
      ],
    );
    const [dqops, waldur, rockset] = sources.map((s) => new Set(s.capabilities));
    // DQOps has no "who am I" endpoint and no email-change or token API (contracts/dqops).
    assert.ok(dqops!.has('CHANGE_PASSWORD') && dqops!.has('CHANGE_MY_PASSWORD') && !dqops!.has('CURRENT_USER') && !dqops!.has('EMAIL_CHANGE'));
    assert.ok(waldur!.has('EMAIL_CHANGE') && waldur!.has('REFRESH_USER_TOKEN') && waldur!.has('SYNC_REMOTE_USER') && !waldur!.has('NOTIFICATION_PREFERENCES'));
    assert.ok(rockset!.has('NOTIFICATION_PREFERENCES') && !rockset!.has('CHANGE_PASSWORD') && !rockset!.has('READ_USER_TOKEN'));
    for (const caps of [dqops!, waldur!, rockset!]) assert.ok(caps.has('LIST_USERS') && caps.has('CREATE_USER') && caps.has('GRANT_ROLE'));
  });

  it('finds one source by name and answers null for an unknown name', async () => {
    const { body } = await gql(gateway, 'query($n: String!) { source(name: $n) { name vendor } }', { n: 'waldur-hpc' });
    assert.deepEqual(body.data, { source: { name: 'waldur-hpc', vendor: 'WALDUR' } });
    const missing = await gql(gateway, '{ source(name: "nope") { name } }');
    assert.deepEqual(missing.body.data, { source: null });
  });

  it('never shows a credential', async () => {
    const res = await request(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __type(name: "Source") { fields { name } } sources { name url } }' }),
    });
    const text = await res.body.text();
    assert.ok(!text.includes('k1') && !text.includes('k2'), text);
    assert.ok(!/secret|credential/i.test(text), text);
  });

  it('answers a malformed JSON body, an oversized body and an unknown path with clear errors, and keeps serving', async () => {
    const headers = { 'content-type': 'application/json', ...asKey(TEST_KEYS.viewer) };
    const bad = await request(gateway.url, { method: 'POST', headers, body: '{"query": ' });
    assert.equal(bad.statusCode, 400);
    assert.match(await bad.body.text(), /not valid JSON/);
    const big = await request(gateway.url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query: `{ sources { name } } #${'x'.repeat(1024 * 1024)}` }),
    });
    assert.equal(big.statusCode, 413);
    assert.match(await big.body.text(), /larger than 1048576 bytes/);
    const lost = await request(gateway.url.replace('/graphql', '/nowhere'));
    assert.equal(lost.statusCode, 404);
    await lost.body.dump();
    const { body } = await gql(gateway, '{ sources { name } }');
    assert.equal((body.data!['sources'] as unknown[]).length, 3);
  });

  it('serves /healthz, the Sandbox landing page and CORS preflight for Sandbox', async () => {
    const health = await request(gateway.url.replace('/graphql', '/healthz'));
    assert.equal(health.statusCode, 200);
    assert.deepEqual(await health.body.json(), { status: 'ok' });
    const page = await request(gateway.url, { headers: { accept: 'text/html' } });
    assert.equal(page.statusCode, 200);
    assert.match(await page.body.text(), /sandbox/i);
    const preflight = await request(gateway.url, {
      method: 'OPTIONS',
      headers: { origin: 'https://studio.apollographql.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    assert.equal(preflight.statusCode, 204);
    assert.equal(preflight.headers['access-control-allow-origin'], 'https://studio.apollographql.com');
    await preflight.body.dump();
  });

  it('rejects a query for a field that does not exist with a GraphQL validation error', async () => {
    const { status, body } = await gql(gateway, '{ sources { password } }');
    assert.equal(status, 400);
    assert.equal(body.errors![0]!.extensions!['code'], 'GRAPHQL_VALIDATION_FAILED');
  });
});

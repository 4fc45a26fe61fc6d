import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { request } from 'undici';
import { type Stack, startStack } from '../../helpers/stack.js';

let stack: Stack;
before(async () => {
  stack = await startStack({ server: { landingPage: 'sandbox' } });
});
after(() => stack.stop());

const origin = () => new URL(stack.gateway.url).origin;

it('GraphiQL is at /graphiql whatever the landing page, with a header template, and its assets are versioned and cached for good', async () => {
  const page = await request(`${origin()}/graphiql`, { headers: { accept: 'text/html' } });
  assert.equal(page.statusCode, 200);
  const html = await page.body.text();
  assert.match(html, /paste your API key or JWT/);
  const asset = /\/graphiql\/assets\/([0-9a-f]{16})\/graphiql\.min\.js/.exec(html);
  assert.ok(asset, 'the script URL holds a content hash');
  const js = await request(`${origin()}${asset[0]}`);
  assert.equal(js.statusCode, 200);
  assert.equal(js.headers['cache-control'], 'public, max-age=31536000, immutable');
  await js.body.dump();
  // A stale hash or no hash at all is no asset: an upgrade never mixes files.
  for (const path of ['/graphiql/assets/0000000000000000/graphiql.min.js', '/graphiql/assets/graphiql.min.js', '/graphiql/assets/../package.json']) {
    const res = await request(`${origin()}${path}`);
    assert.equal(res.statusCode, 404, path);
    await res.body.dump();
  }
});

it('the Sandbox landing page carries a link to GraphiQL, styled under its own CSP nonce', async () => {
  const res = await request(stack.gateway.url, { headers: { accept: 'text/html' } });
  const html = await res.body.text();
  assert.match(html, /<a id="usergraph-graphiql" href="\/graphiql">No internet\? Use GraphiQL/);
  const nonce = /nonce="?([A-Za-z0-9+/=_-]+)"?/.exec(html)?.[1];
  assert.ok(nonce);
  assert.ok(html.includes(`<style nonce="${nonce}">#usergraph-graphiql{`));
});

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, it } from 'node:test';
import { chromium } from 'playwright-core';
import type { RunningGateway } from '../../../src/server/create-gateway.js';
import type { RunningSimulator } from '../../../src/simulators/sim-server.js';
import { startTestGateway, TEST_KEYS } from '../../helpers/gateway.js';
import { startSim } from '../../helpers/sim.js';
import { ADMIN_CREDENTIALS } from '../../helpers/stack.js';

/** Debian's chromium (`.ci/run` installs it); playwright cannot download a browser here. */
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

let sim: RunningSimulator;
let gateway: RunningGateway;
before(async () => {
  sim = await startSim('rockset');
  gateway = await startTestGateway(
    {
      server: { landingPage: 'graphiql' },
      sources: [{ name: 'rockset-offline', vendor: 'rockset', url: sim.url, credentials: { mode: 'service', secret: ADMIN_CREDENTIALS.rockset } }],
    },
    { landingPageHeaders: { authorization: `Bearer ${TEST_KEYS.viewer}` } },
  );
});
after(async () => {
  await gateway.stop();
  await sim.close();
});

it('GraphiQL loads from the gateway alone (no request leaves loopback), runs { sources { name } } and shows the answer', {
  skip: CHROMIUM ? false : 'no Chromium at /usr/bin/chromium (apt-get install chromium; .ci/run does)',
}, async () => {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const page = await browser.newPage();
    const outside: string[] = [];
    page.on('request', (r) => {
      const host = new URL(r.url()).hostname;
      if (host !== '127.0.0.1' && host !== 'localhost') outside.push(r.url());
    });
    await page.goto(gateway.url, { waitUntil: 'load' });
    await page.waitForSelector('.graphiql-execute-button', { timeout: 15_000 });
    await page.click('.graphiql-execute-button');
    // A string, run in the page: this project's TypeScript has no DOM types.
    await page.waitForFunction("document.querySelector('.result-window')?.textContent?.includes('rockset-offline')", undefined, { timeout: 15_000 });
    const result = await page.textContent('.result-window');
    assert.match(result ?? '', /"name": "rockset-offline"/);
    // With the key in its headers, GraphiQL has loaded the schema: the docs pane lists the root types.
    await page.click('button[aria-label="Show Documentation Explorer"]');
    await page.waitForFunction("document.querySelector('.graphiql-doc-explorer')?.textContent?.includes('Mutation')", undefined, { timeout: 15_000 });
    assert.deepEqual(outside, [], 'everything the page loads comes from the gateway');
  } finally {
    await browser.close();
  }
});

it('offline, the Sandbox landing page shows a link to GraphiQL, which opens with a header template to fill', {
  skip: CHROMIUM ? false : 'no Chromium at /usr/bin/chromium (apt-get install chromium; .ci/run does)',
}, async () => {
  const sandboxed = await startTestGateway({
    server: { landingPage: 'sandbox' },
    sources: [{ name: 'rockset-offline', vendor: 'rockset', url: sim.url, credentials: { mode: 'service', secret: ADMIN_CREDENTIALS.rockset } }],
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage();
    // No route off loopback: Apollo's CDN cannot be reached, as on a machine with no internet.
    await page.route('**/*', (route) => {
      const host = new URL(route.request().url()).hostname;
      return host === '127.0.0.1' || host === 'localhost' ? route.continue() : route.abort();
    });
    await page.goto(sandboxed.url, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('a[href="/graphiql"]', { timeout: 15_000 });
    assert.match((await page.textContent('a[href="/graphiql"]')) ?? '', /No internet\? Use GraphiQL/);
    await page.click('a[href="/graphiql"]');
    await page.waitForSelector('.graphiql-execute-button', { timeout: 15_000 });
    await page.waitForFunction("document.body.innerText.includes('paste your API key')", undefined, { timeout: 15_000 });
  } finally {
    await browser.close();
    await sandboxed.stop();
  }
});

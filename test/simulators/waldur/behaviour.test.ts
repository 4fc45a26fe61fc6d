import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { RunningSimulator } from '../../../src/simulators/sim-server.js';
import { call, hook, referenceSeed, startSim } from '../../helpers/sim.js';
import { ADA, as, GRACE, LINUS, userPath } from './waldur-fixtures.js';

const ME = '/api/users/me/';

describe('waldur simulator authentication', () => {
  let sim: RunningSimulator;
  before(async () => {
    sim = await startSim('waldur');
  });
  after(() => sim.close());

  const expect401 = async (headers: Record<string, string>, detail: string, path = ME): Promise<void> => {
    const res = await call(sim, 'GET', path, { headers });
    assert.equal(res.status, 401);
    assert.equal(res.headers['www-authenticate'], 'Token');
    assert.match(String(res.headers['content-type']), /^application\/json/);
    assert.deepEqual(res.json(), { detail });
  };

  it('answers 401 with WWW-Authenticate: Token when no credentials are sent', () => expect401({}, 'Authentication credentials were not provided.'));
  it('answers 401 "Invalid token." to an unknown token', () => expect401({ authorization: 'Token not-a-token' }, 'Invalid token.'));
  it('answers 401 when the token string contains a space', () =>
    expect401({ authorization: 'Token waldur-token-ada extra' }, 'Invalid token. Token string should not contain spaces.'));
  it('answers 401 when the Token keyword has no key', () => expect401({ authorization: 'Token' }, 'Invalid token. No credentials provided.'));
  it('answers 401 "User inactive or deleted." to an inactive user’s token', () =>
    expect401({ authorization: `Token ${LINUS.token}` }, 'User inactive or deleted.'));
  it('answers 401 "Invalid JWT token." to a Bearer value that is not a JWT', () =>
    expect401({ authorization: 'Bearer waldur-token-ada' }, 'Invalid JWT token.'));
  it('treats an unknown scheme as no credentials', () => expect401({ authorization: 'Basic YWRhOnB3' }, 'Authentication credentials were not provided.'));

  it('accepts the Token keyword in any letter case and surrounding whitespace', async () => {
    for (const authorization of ['token waldur-token-ada', 'TOKEN   waldur-token-ada ']) {
      const res = await call(sim, 'GET', ME, { headers: { authorization } });
      assert.equal(res.status, 200, authorization);
      assert.equal((res.json() as { username: string }).username, 'ada');
    }
  });

  it('accepts "Token <key>" in the x-auth-token query parameter when no header is sent', async () => {
    const res = await call(sim, 'GET', ME, { query: { 'x-auth-token': `Token ${GRACE.token}` } });
    assert.equal(res.status, 200);
    assert.equal((res.json() as { username: string }).username, 'grace');
  });

  it('answers 403 with DRF’s detail when a non-staff user creates a user', async () => {
    const res = await as(sim, GRACE.token, 'POST', '/api/users/', { json: { username: 'hedy', email: 'hedy@example.com' } });
    assert.equal(res.status, 403);
    assert.deepEqual(res.json(), { detail: 'You do not have permission to perform this action.' });
  });

  it('answers 403 when a non-staff user deletes a user, and the user stays', async () => {
    const res = await as(sim, GRACE.token, 'DELETE', userPath(GRACE.uuid));
    assert.equal(res.status, 403);
    assert.equal((await as(sim, ADA.token, 'GET', userPath(GRACE.uuid))).status, 200);
  });
});

describe('waldur simulator token lifetime', () => {
  let sim: RunningSimulator;
  const minutesAgo = (m: number): string => new Date(Date.now() - m * 60_000).toISOString();
  before(async () => {
    const seed = structuredClone(referenceSeed()['waldur']) as { users: Record<string, unknown>[] };
    seed.users.find((u) => u['username'] === 'grace')!['token_created'] = minutesAgo(61); // lifetime 3600 s
    seed.users.find((u) => u['username'] === 'alan')!['token_created'] = minutesAgo(50);
    sim = await startSim('waldur', seed);
  });
  after(() => sim.close());

  it('answers 401 "Token has expired." once token_lifetime has passed since the token was created', async () => {
    const res = await as(sim, GRACE.token, 'GET', ME);
    assert.equal(res.status, 401);
    assert.deepEqual(res.json(), { detail: 'Token has expired.' });
  });

  it('moves the token’s creation time to now on use, so a used token does not expire (authentication.py)', async () => {
    const res = await as(sim, 'waldur-token-alan', 'GET', ME);
    assert.equal(res.status, 200);
    const expiresAt = Date.parse((res.json() as { token_expires_at: string }).token_expires_at);
    // Created 50 minutes ago it would expire in 10; after this request it expires an hour from now.
    assert.ok(expiresAt > Date.now() + 55 * 60_000, `token_expires_at ${new Date(expiresAt).toISOString()}`);
  });
});

describe('waldur simulator identity managers', () => {
  it('answers a plain identity manager’s user list with a bare JSON string 403 (README)', async () => {
    const seed = structuredClone(referenceSeed()['waldur']) as { users: Record<string, unknown>[] };
    seed.users.find((u) => u['username'] === 'margaret')!['is_identity_manager'] = true;
    const sim = await startSim('waldur', seed);
    try {
      const res = await as(sim, 'waldur-token-margaret', 'GET', '/api/users/');
      assert.equal(res.status, 403);
      assert.equal(res.json(), 'Identity manager is not allowed to list users.');
    } finally {
      await sim.close();
    }
  });
});

describe('waldur simulator injected faults', () => {
  let sim: RunningSimulator;
  before(async () => {
    sim = await startSim('waldur');
  });
  afterEach(() => hook(sim, 'DELETE', 'faults'));
  after(() => sim.close());

  const list = () => as(sim, ADA.token, 'GET', '/api/users/');

  it('answers an injected 503 with nginx’s HTML page, as the proxy in front of Waldur would', async () => {
    await hook(sim, 'POST', 'faults', { kind: 'status', status: 503, times: 1 });
    const res = await list();
    assert.equal(res.status, 503);
    assert.match(String(res.headers['content-type']), /^text\/html/);
    assert.match(res.text, /<h1>503 Service Temporarily Unavailable<\/h1>/);
    assert.equal((await list()).status, 200);
  });

  it('answers an injected 500 with Django’s plain HTML error page', async () => {
    await hook(sim, 'POST', 'faults', { kind: 'status', status: 500, times: 1 });
    const res = await list();
    assert.equal(res.status, 500);
    assert.match(String(res.headers['content-type']), /^text\/html/);
    assert.equal(res.text, '<h1>Server Error (500)</h1>');
  });

  it('answers an injected rate limit as DRF throttling: 429, Retry-After and the wait in the detail', async () => {
    await hook(sim, 'POST', 'faults', { kind: 'rate-limit', retryAfter: 7, times: 1 });
    const res = await list();
    assert.equal(res.status, 429);
    assert.equal(res.headers['retry-after'], '7');
    assert.deepEqual(res.json(), { detail: 'Request was throttled. Expected available in 7 seconds.' });
  });

  it('answers an injected 404 with DRF’s detail body', async () => {
    await hook(sim, 'POST', 'faults', { kind: 'status', status: 404, times: 1 });
    const res = await list();
    assert.equal(res.status, 404);
    assert.deepEqual(res.json(), { detail: 'Not found.' });
  });
});

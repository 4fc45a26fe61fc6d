import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { UpstreamStats } from '../../../src/http/upstream-stats.js';
import type { PagedAdapter } from '../../../src/sources/source.js';
import { createWaldurSourceAdapter } from '../../../src/sources/waldur/adapter.js';
import { WITHHELD_PASSWORD_MESSAGE } from '../../../src/sources/waldur/user-errors.js';
import { assertNoSecrets, caught } from './write-harness.js';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

const UUID = '0123456789abcdef0123456789abcdef';
const TOKEN = 'secret-token-9';
const PASSWORD = 'Pa55-word-never-shown';
const wireUser = { uuid: UUID, username: 'kay', email: 'kay@example.com', permissions: [] };
const authToken = {
  created: '2030-01-01T00:00:00Z',
  user_first_name: '',
  user_last_name: '',
  user_username: 'kay',
  user_is_active: true,
  user_token_lifetime: null,
  token: 'n3w-t0ken',
};

/**
 * Write answers the simulator never gives (the schema's 200 for refresh_token, HTML 400s,
 * `{"detail"}` refusals, a password quoted back): a hand-written server on loopback.
 */
describe('waldur adapter: write answers a real deployment might give', () => {
  let server: Server;
  let adapter: PagedAdapter;
  let handler: Handler = (_req, _body, res) => res.end();
  let seen: { method: string; url: string; body: string; type: string | undefined }[] = [];
  before(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        // createUser's look for the email first: nobody has it (the answers under test are the POST's).
        if (req.method === 'GET' && req.url?.startsWith('/api/users/?')) {
          res.writeHead(200, { 'content-type': 'application/json', 'x-result-count': '0' });
          res.end('[]');
          return;
        }
        seen.push({ method: req.method ?? '', url: req.url ?? '', body, type: req.headers['content-type'] });
        handler(req, body, res);
      });
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

  const ctx = () => ({ credential: TOKEN, stats: new UpstreamStats() });
  const json =
    (status: number, body: unknown): Handler =>
    (_req, _body, res) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };

  it('takes the 200 the schema declares for refresh_token as well as the 201 Waldur sends', async () => {
    handler = json(200, authToken);
    const result = await adapter.refreshUserToken(ctx(), UUID);
    assert.deepEqual(result.ok && [result.value.token, result.value.lifetimeSeconds, result.value.expiresAt], ['n3w-t0ken', null, null]);
    assert.deepEqual(
      seen.map((s) => [s.method, s.url, s.body]),
      [['POST', `/api/users/${UUID}/refresh_token/`, '']],
    );
  });

  it('sends exactly the given fields as JSON on create and update', async () => {
    handler = (req, _body, res) => json(req.method === 'POST' ? 201 : 200, wireUser)(req, _body, res);
    await adapter.createUser(ctx(), { email: 'kay@example.com', lastName: 'O', waldur: { isStaff: true, phoneNumber: '+1' } });
    await adapter.updateUser(ctx(), UUID, { firstName: 'Kay' });
    assert.deepEqual(
      seen.map((s) => [s.method, s.url, s.type, JSON.parse(s.body)]),
      [
        [
          'POST',
          '/api/users/',
          'application/json',
          { username: 'kay@example.com', email: 'kay@example.com', last_name: 'O', phone_number: '+1', is_staff: true },
        ],
        ['PATCH', `/api/users/${UUID}/`, 'application/json', { first_name: 'Kay' }],
      ],
    );
  });

  it('sends role bodies with the uuid, the role and the expiry as ISO 8601', async () => {
    handler = (req, _body, res) => {
      if (req.method === 'GET') return json(200, wireUser)(req, _body, res);
      return json(201, { expiration_time: '2031-01-01T00:00:00Z' })(req, _body, res);
    };
    const project = 'fedcba9876543210fedcba9876543210';
    const result = await adapter.grantRole(ctx(), UUID, {
      role: 'PROJECT.MEMBER',
      scope: { kind: 'PROJECT', id: project },
      expiresAt: new Date('2031-01-01T00:00:00Z'),
    });
    assert.ok(result.ok);
    const post = seen.find((s) => s.method === 'POST');
    assert.deepEqual(
      [post?.url, JSON.parse(post?.body ?? '{}')],
      [`/api/projects/${project}/add_user/`, { role: 'PROJECT.MEMBER', user: UUID, expiration_time: '2031-01-01T00:00:00.000Z' }],
    );
  });

  it('a {"detail"} refusal of change_email goes on no one field', async () => {
    handler = json(400, { detail: 'Email is managed by the identity provider.' });
    const result = await adapter.requestEmailChange(ctx(), UUID, 'kay@new.example.com');
    assert.deepEqual(result.ok ? [] : result.userErrors, [{ field: null, message: 'Email is managed by the identity provider.', code: 'INVALID' }]);
  });

  it('a refusal that could quote the password is withheld; a known one is passed on', async () => {
    handler = json(400, { new_password: [`"${PASSWORD}" is too much like your username.`], non_field_errors: ['This password is too common.'] });
    const result = await adapter.changePassword(ctx(), UUID, PASSWORD);
    assert.deepEqual(result.ok ? [] : result.userErrors, [
      { field: ['password'], message: WITHHELD_PASSWORD_MESSAGE, code: 'INVALID' },
      { field: ['password'], message: 'This password is too common.', code: 'INVALID' },
    ]);
    assertNoSecrets(result, PASSWORD);
  });

  it('a bare-array refusal of confirm_email goes on code', async () => {
    handler = json(400, ['Request has expired.']);
    const result = await adapter.confirmEmailChange(ctx(), UUID);
    assert.deepEqual(result.ok ? [] : result.userErrors, [{ field: ['code'], message: 'Request has expired.', code: 'INVALID' }]);
  });

  it('a 400 that is not DRF (HTML from a proxy, or an empty map) is UPSTREAM_BAD_RESPONSE, quoting nothing', async () => {
    handler = (_req, _body, res) => {
      res.writeHead(400, { 'content-type': 'text/html' });
      res.end(`<html>400 Bad Request ${PASSWORD}</html>`);
    };
    assertNoSecrets(await caught(() => adapter.changePassword(ctx(), UUID, PASSWORD), 'UPSTREAM_BAD_RESPONSE'), PASSWORD, TOKEN);
    handler = json(400, {});
    await caught(() => adapter.createUser(ctx(), { email: 'kay@example.com' }), 'UPSTREAM_BAD_RESPONSE');
  });

  it('an unexpected success status or body is UPSTREAM_BAD_RESPONSE', async () => {
    handler = json(200, wireUser);
    await caught(() => adapter.createUser(ctx(), { email: 'kay@example.com' }), 'UPSTREAM_BAD_RESPONSE');
    handler = json(201, { token: 'n3w-t0ken' });
    const err = await caught(() => adapter.refreshUserToken(ctx(), UUID), 'UPSTREAM_BAD_RESPONSE');
    assertNoSecrets(err, 'n3w-t0ken', TOKEN);
  });

  it('an HTML 404 on a role action is not a missing scope but an error', async () => {
    handler = (req, _body, res) => {
      if (req.method === 'GET') return json(200, wireUser)(req, _body, res);
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<h1>Not Found</h1>');
    };
    await caught(() => adapter.grantRole(ctx(), UUID, { role: 'CUSTOMER.OWNER', scope: { kind: 'CUSTOMER', id: UUID } }), 'NOT_FOUND');
  });
});

import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { RunningSimulator } from '../../../src/simulators/sim-server.js';
import { assertValid, contract } from '../../helpers/contract.js';
import { call, hook, startSim } from '../../helpers/sim.js';
import { ADA, ANALYST01, auth, COMPILERS, ENGINES, ENIGMA, GRACE, LINUS, MARGARET, userPath } from './waldur-fixtures.js';

// Every operation's answers validated against Waldur's own 7.9.8 schema. The schema declares
// no error responses (except add_user's 400): the error cases pass their status as a
// deviation, and their bodies are checked in behaviour.test.ts and bad-input.test.ts.
const spec = contract('waldur');

const U = '/api/users/';
const U_T = '/api/users/{uuid}/';
const ME = '/api/users/me/';
const action = (name: string): string => `/api/users/{uuid}/${name}/`;
const scopeAction = (collection: string, name: string): string => `/api/${collection}/{uuid}/${name}/`;

interface Case {
  name: string;
  method: string;
  template: string;
  path: string;
  status: number;
  token?: string;
  json?: unknown;
  /** Runs first; may return a body to send instead of `json` (e.g. a confirmation code). */
  prepare?: (sim: RunningSimulator) => Promise<unknown>;
  /** A status the spec does not declare, with the reason. */
  deviation?: string;
  /** Validate the body against this named schema as well (for undeclared statuses). */
  schema?: string;
  /** Where Waldur's answer knowingly departs from its schema: rewrite the body before validating, and why. */
  adjust?: { because: string; body: (body: unknown) => unknown };
}

// The schema types UserRoleDetails.user_image as a plain string, but a user without an image
// gets null, as the schema's own list_users example shows (`user_image: null`).
const imageMayBeNull = {
  because: 'user_image is null without an image (the vendor example shows it)',
  body: (body: unknown) =>
    (body as Record<string, unknown>[]).map((item) => {
      assert.ok(item['user_image'] === null || typeof item['user_image'] === 'string');
      const { user_image: _image, ...rest } = item;
      return rest;
    }),
};

const userCases: Case[] = [
  { name: 'users_list answers 200 with an array of User to staff', method: 'GET', template: U, path: U, status: 200, token: ADA.token },
  { name: 'users_list answers 200 with an array of User to a non-staff user', method: 'GET', template: U, path: U, status: 200, token: GRACE.token },
  { name: 'users_list answers 401 without a token', method: 'GET', template: U, path: U, status: 401, deviation: 'DRF NotAuthenticated' },
  { name: 'users_count answers 200 with no body', method: 'HEAD', template: U, path: U, status: 200, token: ADA.token },
  {
    name: 'users_create answers 201 with a User',
    method: 'POST',
    template: U,
    path: U,
    status: 201,
    token: ADA.token,
    json: { username: 'hedy', email: 'hedy@example.com', first_name: 'Hedy', last_name: 'Lamarr', is_support: false },
  },
  {
    name: 'users_create answers 400 for a taken username',
    method: 'POST',
    template: U,
    path: U,
    status: 400,
    token: ADA.token,
    json: { username: 'grace', email: 'g2@example.com' },
    deviation: 'serializer validation error',
  },
  {
    name: 'users_create answers 403 to a non-staff user',
    method: 'POST',
    template: U,
    path: U,
    status: 403,
    token: GRACE.token,
    json: { username: 'hedy', email: 'hedy@example.com' },
    deviation: 'IsAdminOrOwner',
  },
  { name: 'users_retrieve answers 200 with a User', method: 'GET', template: U_T, path: userPath(GRACE.uuid), status: 200, token: ADA.token },
  {
    name: 'users_retrieve answers 200 with the caller’s own User, token included',
    method: 'GET',
    template: U_T,
    path: userPath(GRACE.uuid),
    status: 200,
    token: GRACE.token,
  },
  {
    name: 'users_retrieve answers 404 for an unknown user',
    method: 'GET',
    template: U_T,
    path: userPath('0'.repeat(32)),
    status: 404,
    token: ADA.token,
    deviation: 'get_object',
  },
  {
    name: 'users_update (PUT) answers 200 with a User',
    method: 'PUT',
    template: U_T,
    path: userPath(GRACE.uuid),
    status: 200,
    token: GRACE.token,
    json: { username: 'grace', email: 'grace@example.com', job_title: 'Commodore' },
  },
  {
    name: 'users_partial_update answers 200 with a User',
    method: 'PATCH',
    template: U_T,
    path: userPath(GRACE.uuid),
    status: 200,
    token: ADA.token,
    json: { organization: 'US Navy', is_support: true },
  },
  {
    name: 'users_partial_update answers 403 to another non-staff user',
    method: 'PATCH',
    template: U_T,
    path: userPath(GRACE.uuid),
    status: 403,
    token: MARGARET.token,
    json: { organization: 'x' },
    deviation: 'IsAdminOrOwner',
  },
  {
    name: 'users_partial_update answers 400 when a never-agreed user does not agree now',
    method: 'PATCH',
    template: U_T,
    path: userPath(LINUS.uuid),
    status: 400,
    token: ADA.token,
    json: { job_title: 'Kernel hacker' },
    deviation: 'serializer validation error',
  },
  { name: 'users_destroy answers 204 with no body', method: 'DELETE', template: U_T, path: userPath(GRACE.uuid), status: 204, token: ADA.token },
  {
    name: 'users_destroy answers 403 to a non-staff user',
    method: 'DELETE',
    template: U_T,
    path: userPath(GRACE.uuid),
    status: 403,
    token: GRACE.token,
    deviation: 'IsAdminOrOwner',
  },
  { name: 'users_me_retrieve answers 200 with a User', method: 'GET', template: ME, path: ME, status: 200, token: GRACE.token },
  { name: 'users_me_count answers 200', method: 'HEAD', template: ME, path: ME, status: 200, token: GRACE.token },
  {
    name: 'users_token_retrieve answers 200 with a UserAuthToken',
    method: 'GET',
    template: action('token'),
    path: `${userPath(GRACE.uuid)}token/`,
    status: 200,
    token: ADA.token,
  },
  {
    name: 'users_token_retrieve answers 403 to a non-staff user, even for her own token',
    method: 'GET',
    template: action('token'),
    path: `${userPath(GRACE.uuid)}token/`,
    status: 403,
    token: GRACE.token,
    deviation: 'token_permissions = [is_staff]',
  },
  {
    name: 'users_refresh_token answers 201 with a UserAuthToken (README/source: HTTP_201_CREATED, the schema says 200)',
    method: 'POST',
    template: action('refresh_token'),
    path: `${userPath(GRACE.uuid)}refresh_token/`,
    status: 201,
    token: ADA.token,
    deviation: 'structure/views.py refresh_token returns HTTP_201_CREATED',
    schema: 'UserAuthToken',
  },
  {
    name: 'users_change_password answers 200 (with {"status": "password set"}, README)',
    method: 'POST',
    template: action('change_password'),
    path: `${userPath(GRACE.uuid)}change_password/`,
    status: 200,
    token: ADA.token,
    json: { new_password: 'Correct-Horse-9' },
  },
  {
    name: 'users_change_password answers 403 to a non-staff user',
    method: 'POST',
    template: action('change_password'),
    path: `${userPath(GRACE.uuid)}change_password/`,
    status: 403,
    token: GRACE.token,
    json: { new_password: 'x' },
    deviation: 'change_password_permissions = [is_staff]',
  },
  {
    name: 'users_change_email answers 200',
    method: 'POST',
    template: action('change_email'),
    path: `${userPath(GRACE.uuid)}change_email/`,
    status: 200,
    token: GRACE.token,
    json: { email: 'amazing.grace@example.com' },
  },
  {
    name: 'users_change_email answers 400 for an invalid email',
    method: 'POST',
    template: action('change_email'),
    path: `${userPath(GRACE.uuid)}change_email/`,
    status: 400,
    token: GRACE.token,
    json: { email: 'nope' },
    deviation: 'serializer validation error',
  },
  {
    name: 'users_cancel_change_email answers 200',
    method: 'POST',
    template: action('cancel_change_email'),
    path: `${userPath(GRACE.uuid)}cancel_change_email/`,
    status: 200,
    token: GRACE.token,
  },
  {
    name: 'users_confirm_email answers 200 for the emailed code',
    method: 'POST',
    template: '/api/users/confirm_email/',
    path: '/api/users/confirm_email/',
    status: 200,
    token: GRACE.token,
    prepare: async (sim) => {
      await call(sim, 'POST', `${userPath(GRACE.uuid)}change_email/`, { headers: auth(GRACE.token), json: { email: 'amazing.grace@example.com' } });
      const { messages } = await hook<{ messages: { code: string }[] }>(sim, 'GET', 'outbox');
      return { code: messages[0]!.code };
    },
  },
  {
    name: 'users_confirm_email answers 400 without a code',
    method: 'POST',
    template: '/api/users/confirm_email/',
    path: '/api/users/confirm_email/',
    status: 400,
    token: GRACE.token,
    json: { code: '' },
    deviation: 'view ValidationError',
  },
  {
    name: 'users_pull_remote_user answers 200 for an eduTEAMS user',
    method: 'POST',
    template: action('pull_remote_user'),
    path: `${userPath(ANALYST01.uuid)}pull_remote_user/`,
    status: 200,
    token: ADA.token,
  },
  {
    name: 'users_pull_remote_user answers 400 for a local user',
    method: 'POST',
    template: action('pull_remote_user'),
    path: `${userPath(GRACE.uuid)}pull_remote_user/`,
    status: 400,
    token: ADA.token,
    deviation: 'view ValidationError',
  },
];

const roleCases: Case[] = (
  [
    ['customers', ENGINES, 'CUSTOMER.MANAGER'],
    ['projects', COMPILERS, 'PROJECT.MEMBER'],
  ] as const
).flatMap(([collection, uuid, role]) => {
  const path = (name: string): string => `/api/${collection}/${uuid}/${name}/`;
  const t = (name: string): string => scopeAction(collection, name);
  // The README says `YYYY-MM-DD` is accepted too (behaviour tests use it); the schema says date-time.
  const grant = { user: ANALYST01.uuid, role, expiration_time: '2099-12-31T00:00:00Z' };
  const addFirst = async (sim: RunningSimulator): Promise<unknown> => {
    await call(sim, 'POST', path('add_user'), { headers: auth(ADA.token), json: grant });
    return undefined;
  };
  return [
    {
      name: `${collection}_add_user answers 201 with UserRoleExpirationTime`,
      method: 'POST',
      template: t('add_user'),
      path: path('add_user'),
      status: 201,
      token: ADA.token,
      json: grant,
    },
    {
      name: `${collection}_add_user answers its declared 400 for a role of the other scope type`,
      method: 'POST',
      template: t('add_user'),
      path: path('add_user'),
      status: 400,
      token: ADA.token,
      json: { ...grant, role: collection === 'customers' ? 'PROJECT.ADMIN' : 'CUSTOMER.OWNER' },
    },
    {
      name: `${collection}_add_user answers 403 to a user without the permission`,
      method: 'POST',
      template: t('add_user'),
      path: path('add_user'),
      status: 403,
      token: GRACE.token,
      json: grant,
      deviation: 'PermissionDenied in validate()',
    },
    {
      name: `${collection}_update_user answers 200 with UserRoleExpirationTime`,
      method: 'POST',
      template: t('update_user'),
      path: path('update_user'),
      status: 200,
      token: ADA.token,
      json: { ...grant, expiration_time: null },
      prepare: addFirst,
    },
    {
      name: `${collection}_delete_user answers 200 with no body`,
      method: 'POST',
      template: t('delete_user'),
      path: path('delete_user'),
      status: 200,
      token: ADA.token,
      json: { user: ANALYST01.uuid, role },
      prepare: addFirst,
    },
    {
      name: `${collection}_list_users answers 200 with an array of UserRoleDetails`,
      method: 'GET',
      template: t('list_users'),
      path: path('list_users'),
      status: 200,
      token: ADA.token,
      prepare: addFirst,
      adjust: imageMayBeNull,
    },
    {
      name: `${collection}_list_users answers 404 for a scope the caller cannot see`,
      method: 'GET',
      template: t('list_users'),
      path: `/api/${collection}/${collection === 'customers' ? '1'.repeat(32) : ENIGMA}/list_users/`,
      status: 404,
      token: GRACE.token,
      deviation: 'get_object',
    },
  ];
});

describe('waldur simulator contract (waldur-7.9.8-users-openapi.yaml)', () => {
  let sim: RunningSimulator;
  before(async () => {
    sim = await startSim('waldur');
  });
  beforeEach(() => hook(sim, 'POST', 'reset'));
  after(() => sim.close());

  for (const c of [...userCases, ...roleCases]) {
    it(c.name, async () => {
      const prepared = c.prepare ? await c.prepare(sim) : undefined;
      const json = prepared ?? c.json;
      // Only bodies the simulator accepts are held to the request schema; the 4xx cases send bad ones on purpose.
      if (json !== undefined && c.status < 300) {
        const validateRequest = spec.requestValidator(c.method, c.template);
        if (validateRequest) assertValid(validateRequest, json, `request ${c.method} ${c.template}`);
      }
      const res = await call(sim, c.method, c.path, { headers: c.token ? auth(c.token) : {}, ...(json === undefined ? {} : { json }) });
      assert.equal(res.status, c.status, res.text);
      const checked = c.adjust ? { status: res.status, text: JSON.stringify(c.adjust.body(res.json())) } : res;
      spec.assertResponse(c.method, c.template, checked, c.deviation ? { status: c.status, because: c.deviation } : undefined);
      if (c.schema) assertValid(spec.schema(c.schema), res.json(), `${c.method} ${c.template} ${c.schema}`);
      if (c.method === 'HEAD' || c.status === 204) assert.equal(res.text, '');
      if (c.template === U && c.method !== 'POST' && c.status === 200) assert.match(String(res.headers['x-result-count']), /^\d+$/);
    });
  }
});

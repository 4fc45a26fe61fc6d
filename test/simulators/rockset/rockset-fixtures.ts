import assert from 'node:assert/strict';
import type { RunningSimulator } from '../../../src/simulators/sim-server.js';
import { type CallResult, call, referenceSeed } from '../../helpers/sim.js';

/** Shared constants and small helpers for the Rockset simulator tests. */
export const USERS = '/v1/orgs/self/users';
export const SELF = `${USERS}/self`;
export const PREFERENCES = `${USERS}/self/preferences`;

/** Keys in the reference seed: Ada is `admin`, Grace (`Grace@Example.com`) is `member`. */
export const ADA_KEY = 'rockset-key-ada-admin';
export const GRACE_KEY = 'rockset-key-grace-member';
/** Keys that only `extendedSeed()` adds: Katherine is `read-only`, Rex holds only a custom role. */
export const KATHERINE_KEY = 'rockset-key-katherine-read-only';
export const REX_KEY = 'rockset-key-rex-custom';

export function auth(key: string): Record<string, string> {
  return { authorization: `ApiKey ${key}` };
}

export function userPath(email: string): string {
  return `${USERS}/${encodeURIComponent(email)}`;
}

/** The reference seed's rockset section, deep-copied so a test may change it. */
export function rocksetSeed(): Record<string, unknown> {
  return JSON.parse(JSON.stringify(referenceSeed().rockset)) as Record<string, unknown>;
}

/** The reference seed plus a read-only key, a custom role and a user holding only that role. */
export function extendedSeed(): Record<string, unknown> {
  const seed = rocksetSeed();
  (seed['users'] as unknown[]).push({
    email: 'rex@example.com',
    first_name: 'Rex',
    last_name: 'Custom',
    roles: ['auditor'],
    state: 'ACTIVE',
    created_at: '2024-01-01T00:00:00Z',
  });
  (seed['apiKeys'] as unknown[]).push({ key: KATHERINE_KEY, email: 'katherine@example.com' }, { key: REX_KEY, email: 'rex@example.com' });
  seed['customRoles'] = ['auditor'];
  return seed;
}

/** A Rockset `User` as the tests read it off the wire. */
export interface WireUser {
  email: string;
  created_at?: string;
  first_name?: string;
  last_name?: string;
  roles?: string[];
  state?: string;
}

export interface ErrorBody {
  message: string;
  type: string;
  trace_id: string;
  error_id?: string;
}

/** Asserts a Rockset `ErrorModel` answer with the given status and type; returns the body. */
export function assertRocksetError(res: CallResult, status: number, type: string): ErrorBody {
  assert.equal(res.status, status, `expected ${status} ${type}, got ${res.status}: ${res.text}`);
  assert.match(String(res.headers['content-type']), /^application\/json/);
  const body = res.json() as ErrorBody;
  assert.equal(body.type, type);
  assert.equal(typeof body.message, 'string');
  assert.ok(body.message.length > 0);
  assert.match(body.trace_id, /^[0-9a-f-]{36}$/);
  return body;
}

/** A normal request after a bad one: the simulator must still answer it. */
export async function assertStillServing(sim: RunningSimulator): Promise<void> {
  const res = await call(sim, 'GET', SELF, { headers: auth(ADA_KEY) });
  assert.equal(res.status, 200, `the simulator stopped serving: ${res.status} ${res.text}`);
  assert.equal((res.json() as { email: string }).email, 'ada@example.com');
}

import assert from 'node:assert/strict';
import type { GatewayError } from '../../../src/errors.js';
import { UpstreamStats } from '../../../src/http/upstream-stats.js';
import type { RequestCounters, RequestLogEntry } from '../../../src/simulators/request-log.js';
import type { RocksetStateDump } from '../../../src/simulators/rockset/state.js';
import type { RunningSimulator } from '../../../src/simulators/sim-server.js';
import type { UserErrorInfo, WriteResult } from '../../../src/sources/model.js';
import type { CallContext } from '../../../src/sources/source.js';
import { hook } from '../../helpers/sim.js';

/** Shared pieces of the Rockset adapter's write tests, against its simulator. */

/** Reference seed keys: Ada is `admin`, Grace (`Grace@Example.com`) is `member`. */
export const ADA_KEY = 'rockset-key-ada-admin';
export const GRACE_KEY = 'rockset-key-grace-member';

export const USERS = 'POST /v1/orgs/self/users';
export const GET_USER = 'GET /v1/orgs/self/users/{user}';
export const UPDATE_USER = 'POST /v1/orgs/self/users/{user}';
export const DELETE_USER = 'DELETE /v1/orgs/self/users/{user}';
export const SET_PREFERENCES = 'POST /v1/orgs/self/users/self/preferences';

export const ORG = { kind: 'ORGANIZATION', id: null } as const;

export function ctx(credential = ADA_KEY, stats = new UpstreamStats()): CallContext {
  return { credential, stats };
}

/** Reads of the simulator's hooks. */
export function simHooks(sim: () => RunningSimulator) {
  return {
    state: () => hook<RocksetStateDump>(sim(), 'GET', 'state'),
    stored: async (email: string) => (await hook<RocksetStateDump>(sim(), 'GET', 'state')).users.find((u) => u.email.toLowerCase() === email.toLowerCase()),
    counters: () => hook<RequestCounters>(sim(), 'GET', 'counters'),
    requests: async () => (await hook<{ entries: RequestLogEntry[] }>(sim(), 'GET', 'requests')).entries,
  };
}

/** For assert.rejects: the error carries this code (and the stack when it does not). */
export function failsWith(code: string) {
  return (err: unknown): boolean => {
    assert.equal((err as GatewayError).code, code, `expected ${code}, got ${(err as Error).stack}`);
    return true;
  };
}

/** The value of a write that must have happened. */
export function written<T>(result: WriteResult<T>): T {
  if (!result.ok) assert.fail(`expected the write to happen, got userErrors ${JSON.stringify(result.userErrors)}`);
  return result.value;
}

/** The userErrors of a write that must have been refused, as [field path, code] pairs. */
export function refusals<T>(result: WriteResult<T>): [string | null, string][] {
  if (result.ok) assert.fail(`expected userErrors, got a value ${JSON.stringify(result.value)}`);
  return result.userErrors.map((e: UserErrorInfo) => [e.field === null ? null : e.field.join('.'), e.code]);
}

/** Everything an error shows: its JSON, message, stack and the same for each `cause`. */
export function everythingIn(err: unknown): string {
  const parts: string[] = [];
  let current: unknown = err;
  for (let depth = 0; current !== undefined && current !== null && depth < 10; depth++) {
    parts.push(safeJson(current));
    if (current instanceof Error) {
      parts.push(current.message, current.stack ?? '');
      current = current.cause;
    } else {
      parts.push(String(current));
      current = undefined;
    }
  }
  return parts.join('\n');
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch (err) {
    // A cause holding a socket may be circular; its message and stack are still read above.
    return `(not JSON: ${(err as Error).message})`;
  }
}

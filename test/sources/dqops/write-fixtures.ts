import assert from 'node:assert/strict';
import { after, afterEach, before } from 'node:test';
import type { GatewayError } from '../../../src/errors.js';
import { UpstreamStats } from '../../../src/http/upstream-stats.js';
import type { RequestCounters, RequestLogEntry } from '../../../src/simulators/request-log.js';
import type { RunningSimulator } from '../../../src/simulators/sim-server.js';
import { createDqopsSourceAdapter } from '../../../src/sources/dqops/adapter.js';
import type { WriteResult } from '../../../src/sources/model.js';
import type { CallContext, ListAllAdapter } from '../../../src/sources/source.js';
import { hook, referenceSeed, startSim } from '../../helpers/sim.js';

/** Shared set-up of the DQOps write tests: a reference-seeded simulator, reset after each test. */

export const ADMIN_KEY = 'dqops-key-ada-admin';
export const VIEWER_KEY = 'dqops-key-katherine-viewer';
export const NAME = 'dqops-writes';

/** A user as `/__sim/state` shows it: only real roles, and the password the API never returns. */
export interface StoredDqopsUser {
  email: string;
  accountRole: string;
  dataDomainRoles: Record<string, string>;
  password: string | null;
}

export interface WriteFixture {
  readonly sim: RunningSimulator;
  readonly adapter: ListAllAdapter;
}

/** Starts a simulator (the reference seed unless `seed` is given) and an adapter on it, for one `describe`. */
export function useDqopsWriteSim(seed: unknown = referenceSeed().dqops): WriteFixture {
  const fixture = {} as { sim: RunningSimulator; adapter: ListAllAdapter };
  before(async () => {
    fixture.sim = await startSim('dqops', seed);
    fixture.adapter = createDqopsSourceAdapter({ name: NAME, url: fixture.sim.url, timeoutMs: 2_000 });
  });
  afterEach(() => hook(fixture.sim, 'POST', 'reset'));
  after(async () => {
    await fixture.adapter.close();
    await fixture.sim.close();
  });
  return fixture;
}

export const ctx = (stats = new UpstreamStats(), credential = ADMIN_KEY): CallContext => ({ credential, stats });

export const counters = (sim: RunningSimulator) => hook<RequestCounters>(sim, 'GET', 'counters');

export async function requests(sim: RunningSimulator): Promise<RequestLogEntry[]> {
  return (await hook<{ entries: RequestLogEntry[] }>(sim, 'GET', 'requests')).entries;
}

/** The stored user with this email, or undefined. */
export async function stored(sim: RunningSimulator, email: string): Promise<StoredDqopsUser | undefined> {
  const state = await hook<{ users: StoredDqopsUser[] }>(sim, 'GET', 'state');
  return state.users.find((u) => u.email === email);
}

export async function storedEmails(sim: RunningSimulator): Promise<string[]> {
  return (await hook<{ users: StoredDqopsUser[] }>(sim, 'GET', 'state')).users.map((u) => u.email).sort();
}

export function failsWith(code: string) {
  return (err: unknown): boolean => {
    assert.equal((err as GatewayError).code, code, `expected ${code}, got ${(err as Error).stack}`);
    return true;
  };
}

/** The value of a successful write; fails the test with the userErrors otherwise. */
export function resultValue<T>(result: WriteResult<T>): T {
  if (!result.ok) assert.fail(`expected the write to succeed, got userErrors ${JSON.stringify(result.userErrors)}`);
  return result.value;
}

/** The userErrors of a refused write as [field, code] pairs. */
export function refusals<T>(result: WriteResult<T>): [string[] | null, string][] {
  if (result.ok) assert.fail(`expected userErrors, got a value ${JSON.stringify(result.value)}`);
  return result.userErrors.map((e) => [e.field, e.code]);
}

/**
 * Everything an error could show a client or a log: its JSON, and each error's message, code and
 * stack along the `cause` chain.
 */
export function everythingSaidBy(err: unknown): string {
  const parts: string[] = [];
  let current: unknown = err;
  for (let depth = 0; current !== undefined && current !== null && depth < 10; depth++) {
    parts.push(JSON.stringify(current), String(current));
    if (current instanceof Error) {
      parts.push(current.message, current.stack ?? '', JSON.stringify((current as { code?: unknown }).code ?? null));
      current = current.cause;
    } else break;
  }
  return parts.join('\n');
}

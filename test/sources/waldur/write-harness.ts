import assert from 'node:assert/strict';
import { after, afterEach, before } from 'node:test';
import { inspect } from 'node:util';
import type { GatewayError } from '../../../src/errors.js';
import { UpstreamStats } from '../../../src/http/upstream-stats.js';
import type { RequestCounters, RequestLogEntry } from '../../../src/simulators/request-log.js';
import type { RunningSimulator } from '../../../src/simulators/sim-server.js';
import type { CallContext, PagedAdapter } from '../../../src/sources/source.js';
import { createWaldurSourceAdapter } from '../../../src/sources/waldur/adapter.js';
import { hook, startSim } from '../../helpers/sim.js';

// Reference seed (test/fixtures/reference-seed.json): users, customers and projects.
export const ADA = '90c16ecbbc3c59f8945b7a58f79e3b2e'; // staff; CUSTOMER.OWNER of Analytical Engines
export const GRACE = 'c7974533e54b5db2a307dc839f00b21c'; // PROJECT.ADMIN of Compilers
export const ALAN = 'ec5ce0354725569fb8cef240d34bda7d';
export const MARGARET = '14744b71a6265f83907fcd31705706bc'; // CUSTOMER.MANAGER of Analytical Engines
export const LINUS = 'b56b3da4685e52dd81e27ca4e7086417'; // inactive, never agreed to the policy
export const ANALYST01 = '2329d4e8ca895f23bceb03e9cd520a5e'; // registered through eduTEAMS
export const ANALYTICAL = 'f78d2c42abff5f2da55156ab89145ca6'; // customer
export const BLETCHLEY = 'bfc758b50f7c506186459e597dc91785'; // customer
export const APOLLO = '331266e296c05d31b772f293956a7354'; // project of Analytical Engines
export const COMPILERS = 'cd93c7490b405711bfe7bc33d832effa'; // project of Analytical Engines
export const ADA_TOKEN = 'waldur-token-ada';

/** The parts of `/__sim/state` these tests read. */
export interface WaldurSimState {
  users: {
    uuid: string;
    username: string;
    email: string;
    first_name: string;
    last_name: string;
    job_title: string;
    password: string | null;
    token: string | null;
    is_staff: boolean;
  }[];
  roleAssignments: { user_uuid: string; role: string; scope_type: string; scope_uuid: string; expiration_time: string | null; is_active: boolean }[];
  changeEmailRequests: { uuid: string; user_uuid: string; email: string }[];
}

export interface WriteHarness {
  readonly sim: RunningSimulator;
  readonly adapter: PagedAdapter;
  ctx(credential?: string): CallContext;
  counters(): Promise<RequestCounters>;
  requests(): Promise<RequestLogEntry[]>;
  /** Clears the request log and counters, keeping the state. */
  clearLog(): Promise<void>;
  state(): Promise<WaldurSimState>;
  simUser(uuid: string): Promise<WaldurSimState['users'][number] | undefined>;
}

/** One reference-seeded simulator and adapter per test file, reset (log and counters too) after every test. */
export function useWriteHarness(): WriteHarness {
  let sim: RunningSimulator | undefined;
  let adapter: PagedAdapter | undefined;
  before(async () => {
    sim = await startSim('waldur');
    adapter = createWaldurSourceAdapter({ name: 'waldur-test', url: sim.url, timeoutMs: 2000 });
  });
  afterEach(() => hook(sim!, 'POST', 'reset'));
  after(async () => {
    await adapter?.close();
    await sim?.close();
  });
  const state = () => hook<WaldurSimState>(sim!, 'GET', 'state');
  return {
    get sim() {
      return sim!;
    },
    get adapter() {
      return adapter!;
    },
    ctx: (credential = ADA_TOKEN) => ({ credential, stats: new UpstreamStats() }),
    counters: () => hook<RequestCounters>(sim!, 'GET', 'counters'),
    requests: async () => (await hook<{ entries: RequestLogEntry[] }>(sim!, 'GET', 'requests')).entries,
    clearLog: async () => {
      await hook(sim!, 'DELETE', 'requests');
    },
    state,
    simUser: async (uuid) => (await state()).users.find((u) => u.uuid === uuid),
  };
}

/** For assert.rejects: the error has this code. */
export const failsWith = (code: string) => (err: unknown) => {
  assert.equal((err as GatewayError).code, code, `expected ${code}, got ${(err as Error).stack}`);
  return true;
};

/** Everything an error or a result could show: message, stack, own properties and the whole cause chain. */
export function everythingIn(value: unknown): string {
  return `${inspect(value, { depth: 12, showHidden: true })}\n${JSON.stringify(value, errorReplacer)}`;
}

function errorReplacer(_key: string, value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  const own: Record<string, unknown> = {};
  for (const name of Object.getOwnPropertyNames(value)) own[name] = (value as unknown as Record<string, unknown>)[name];
  return { ...own, cause: (value as Error & { cause?: unknown }).cause };
}

/** Asserts that none of `secrets` appears in what `value` could show. */
export function assertNoSecrets(value: unknown, ...secrets: string[]): void {
  const text = everythingIn(value);
  for (const secret of secrets) assert.ok(!text.includes(secret), `a secret leaked into: ${text.slice(0, 400)}`);
}

/** Runs `fn` expecting a throw with `code`, and returns the error. */
export async function caught(fn: () => Promise<unknown>, code: string): Promise<GatewayError> {
  try {
    await fn();
  } catch (err) {
    failsWith(code)(err);
    return err as GatewayError;
  }
  assert.fail(`expected ${code}, but the call succeeded`);
}

import assert from 'node:assert/strict';
import { createDqopsSimulator, type DqopsSimulatorOptions } from '../../../src/simulators/dqops/dqops-simulator.js';
import { type RunningSimulator, startSimServer } from '../../../src/simulators/sim-server.js';
import type { CallResult } from '../../helpers/sim.js';
import { referenceSeed } from '../../helpers/sim.js';

/** The reference seed's keys (`test/fixtures/reference-seed.json`). */
export const ADMIN = { authorization: 'Bearer dqops-key-ada-admin' } as const;
export const VIEWER = { authorization: 'Bearer dqops-key-katherine-viewer' } as const;
export const TEXT = { 'content-type': 'text/plain' } as const;

/** `/api/users/{email}` with the email percent-encoded, as a DQOps client sends it. */
export function userPath(email: string, suffix = ''): string {
  return `/api/users/${encodeURIComponent(email)}${suffix}`;
}

/** The reference seed's dqops section as a fresh, editable copy. */
export function dqopsSeedCopy(): Record<string, unknown> {
  return structuredClone(referenceSeed().dqops) as Record<string, unknown>;
}

/** Starts a DQOps simulator with simulator options (the shared `startSim` only passes a seed). */
export function startDqops(seed: unknown = referenceSeed().dqops, options: DqopsSimulatorOptions = {}): Promise<RunningSimulator> {
  return startSimServer(createDqopsSimulator(seed, options));
}

export interface DqopsStateDump {
  dataDomains: string[];
  userLimit: number | null;
  users: { email: string; accountRole: string; dataDomainRoles: Record<string, string>; password: string | null }[];
  apiKeys: { key: string; email: string }[];
}

/** Asserts an answer with no body at all, as every DQOps controller 4xx and write success is. */
export function assertEmpty(res: CallResult, status: number): void {
  assert.equal(res.status, status, `expected ${status}, got ${res.status}: ${res.text.slice(0, 200)}`);
  assert.equal(res.text, '');
  assert.equal(res.headers['content-length'], '0');
  assert.equal(res.headers['content-type'], undefined);
}

export interface SpringErrorBody {
  timestamp: string;
  path: string;
  status: number;
  error: string;
  message: string | null;
  requestId: string;
  trace: string;
}

/** Asserts Spring Boot WebFlux's default error JSON, field by field and in Spring's order. */
export function assertSpringError(res: CallResult, status: number, path: string, error: string): SpringErrorBody {
  assert.equal(res.status, status, `expected ${status}, got ${res.status}: ${res.text.slice(0, 200)}`);
  assert.equal(res.headers['content-type'], 'application/json');
  const body = res.json() as SpringErrorBody;
  assert.deepEqual(Object.keys(body), ['timestamp', 'path', 'status', 'error', 'message', 'requestId', 'trace']);
  assert.match(body.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
  assert.equal(body.path, path);
  assert.equal(body.status, status);
  assert.equal(body.error, error);
  assert.match(body.requestId, /^[0-9a-f]{8}-\d+$/);
  return body;
}

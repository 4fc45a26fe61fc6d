import { request } from 'undici';
import { createVendorSimulator } from '../../src/simulators/index.js';
import { readSeedFile, type SeedFile } from '../../src/simulators/seed.js';
import { type RunningSimulator, type SimServerOptions, startSimServer } from '../../src/simulators/sim-server.js';
import type { VendorName } from '../../src/simulators/sim-types.js';
import { REFERENCE_SEED } from './paths.js';

let cachedSeed: SeedFile | undefined;

/** The shared reference seed (`test/fixtures/reference-seed.json`), read once per test file. */
export function referenceSeed(): SeedFile {
  cachedSeed ??= readSeedFile(REFERENCE_SEED);
  return cachedSeed;
}

/**
 * Starts one vendor simulator on a loopback port, seeded with the reference seed unless told otherwise.
 * Passing `undefined` as the seed still means the reference seed (a default parameter); use startEmptySim for an empty instance.
 */
export async function startSim(vendor: VendorName, seed: unknown = referenceSeed()[vendor], options: SimServerOptions = {}): Promise<RunningSimulator> {
  return startSimServer(createVendorSimulator(vendor, seed), options);
}

/** Starts one vendor simulator with no seed at all: the empty instance `usergraph simulate` gives without --seed. */
export async function startEmptySim(vendor: VendorName, options: SimServerOptions = {}): Promise<RunningSimulator> {
  return startSimServer(createVendorSimulator(vendor, undefined), options);
}

export interface CallOptions {
  headers?: Record<string, string>;
  /** Sent as is; with `json` instead, serialized with `content-type: application/json`. */
  body?: string | Buffer;
  json?: unknown;
  query?: Record<string, string | string[]>;
}

export interface CallResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body parsed as JSON; throws when it is not JSON, so a test sees the raw text. */
  json(): unknown;
}

/** One real HTTP request to a simulator over loopback. */
export async function call(sim: RunningSimulator | string, method: string, path: string, options: CallOptions = {}): Promise<CallResult> {
  const base = typeof sim === 'string' ? sim : sim.url;
  const url = new URL(path, base);
  for (const [k, v] of Object.entries(options.query ?? {})) {
    for (const item of Array.isArray(v) ? v : [v]) url.searchParams.append(k, item);
  }
  const headers: Record<string, string> = { ...options.headers };
  let body = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] ??= 'application/json';
  }
  const res = await request(url, { method: method as 'GET', headers, body, headersTimeout: 10_000, bodyTimeout: 10_000 });
  const text = await res.body.text();
  return {
    status: res.statusCode,
    headers: res.headers,
    text,
    json: () => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new Error(`expected a JSON body from ${method} ${path} (status ${res.statusCode}), got: ${JSON.stringify(text.slice(0, 200))}`);
      }
    },
  };
}

/** Reads a `/__sim/` hook and returns its JSON. */
export async function hook<T = unknown>(sim: RunningSimulator, method: string, name: string, json?: unknown): Promise<T> {
  const res = await call(sim, method, `/__sim/${name}`, json === undefined ? {} : { json });
  if (res.status >= 300) throw new Error(`hook ${method} /__sim/${name} answered ${res.status}: ${res.text}`);
  return res.json() as T;
}

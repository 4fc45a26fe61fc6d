import type { RunningSimulator } from '../../../src/simulators/sim-server.js';
import { type CallOptions, type CallResult, call } from '../../helpers/sim.js';

/** Reference-seed identities (test/fixtures/reference-seed.json, `waldur`). */
export const ADA = { uuid: '90c16ecbbc3c59f8945b7a58f79e3b2e', token: 'waldur-token-ada' }; // staff, CUSTOMER.OWNER Analytical Engines
export const GRACE = { uuid: 'c7974533e54b5db2a307dc839f00b21c', token: 'waldur-token-grace' }; // PROJECT.ADMIN Compilers
export const ALAN = { uuid: 'ec5ce0354725569fb8cef240d34bda7d', token: 'waldur-token-alan' }; // PROJECT.MEMBER Enigma, CUSTOMER.SUPPORT Bletchley
export const MARGARET = { uuid: '14744b71a6265f83907fcd31705706bc', token: 'waldur-token-margaret' }; // CUSTOMER.MANAGER Analytical Engines
export const BARBARA = { uuid: '48e2156f6fef57b3bb4b8d75151de139', token: 'waldur-token-barbara' }; // support user
export const LINUS = { uuid: 'b56b3da4685e52dd81e27ca4e7086417', token: 'waldur-token-linus' }; // inactive
export const ANALYST01 = { uuid: '2329d4e8ca895f23bceb03e9cd520a5e', token: 'waldur-token-analyst01' }; // eduteams

export const ENGINES = 'f78d2c42abff5f2da55156ab89145ca6'; // customer Analytical Engines Ltd
export const BLETCHLEY = 'bfc758b50f7c506186459e597dc91785'; // customer Bletchley Park
export const COMPILERS = 'cd93c7490b405711bfe7bc33d832effa'; // project of Analytical Engines
export const ENIGMA = '5a862373852955fe92aa5bb15992f908'; // project of Bletchley Park
export const APOLLO = '331266e296c05d31b772f293956a7354'; // project of Analytical Engines

export function auth(token: string): Record<string, string> {
  return { authorization: `Token ${token}` };
}

/** A call authenticated as the holder of `token`. */
export function as(sim: RunningSimulator, token: string, method: string, path: string, options: CallOptions = {}): Promise<CallResult> {
  return call(sim, method, path, { ...options, headers: { ...auth(token), ...options.headers } });
}

export const userPath = (uuid: string): string => `/api/users/${uuid}/`;

export interface WireUser {
  uuid: string;
  username: string;
  email: string;
  token?: string;
  requested_email: string | null;
  permissions: { role_name: string; scope_uuid: string; scope_type: string; expiration_time: string | null }[];
  [key: string]: unknown;
}

/** Parses the `Link` header into rel → URL. */
export function links(header: string | string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of String(header ?? '').split(', ')) {
    const m = /^<([^>]+)>; rel="(\w+)"$/.exec(part);
    if (m) out[m[2]!] = m[1]!;
  }
  return out;
}

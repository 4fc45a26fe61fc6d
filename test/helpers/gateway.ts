import { request } from 'undici';
import type { GatewayConfigInput } from '../../src/config/config-schema.js';
import { parseConfig } from '../../src/config/load-config.js';
import { hashApiKey } from '../../src/server/auth/api-keys.js';
import { type GatewayOptions, type RunningGateway, startGateway } from '../../src/server/create-gateway.js';
import { captureLogs } from './logs.js';

/** The API keys every test gateway knows unless its config brings its own `auth`. */
export const TEST_KEYS = {
  admin: 'ugk_test-admin-0123456789abcdefghijklmnopqrstuv',
  viewer: 'ugk_test-viewer-0123456789abcdefghijklmnopqrstu',
} as const;

export const TEST_AUTH = {
  apiKeys: [
    { name: 'test-admin', role: 'admin' as const, hash: hashApiKey(TEST_KEYS.admin) },
    { name: 'test-viewer', role: 'viewer' as const, hash: hashApiKey(TEST_KEYS.viewer) },
  ],
};

type TestConfig = Omit<GatewayConfigInput, 'server' | 'auth'> & { server?: GatewayConfigInput['server']; auth?: GatewayConfigInput['auth'] };

/**
 * Starts a gateway on a free loopback port from a config object (validated like a file), with the
 * test API keys unless `auth` is given. Its logs go to memory (pass `options.logger` from
 * captureLogs() to read them), not to the test output.
 */
export function startTestGateway(config: TestConfig, options: GatewayOptions = {}): Promise<RunningGateway> {
  const full = { ...config, auth: config.auth ?? TEST_AUTH, server: { port: 0, host: '127.0.0.1', ...config.server } };
  return startGateway(parseConfig(full, {}), { logger: captureLogs().logger, ...options });
}

export interface GraphQLResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
    extensions?: Record<string, unknown>;
  };
}

/**
 * POSTs one GraphQL operation over real HTTP, as the test admin unless `headers` says otherwise
 * (`authorization: ''` sends no credential at all).
 */
export async function gql(
  gateway: RunningGateway | string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GraphQLResult> {
  const url = typeof gateway === 'string' ? gateway : gateway.url;
  const all: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${TEST_KEYS.admin}`, ...headers };
  const res = await request(url, {
    method: 'POST',
    headers: Object.fromEntries(Object.entries(all).filter(([, v]) => v !== '')),
    body: JSON.stringify({ query, variables }),
    headersTimeout: 15_000,
    bodyTimeout: 15_000,
  });
  return { status: res.statusCode, headers: res.headers, body: (await res.body.json()) as GraphQLResult['body'] };
}

/** Headers that present `key` as the caller's API key. */
export function asKey(key: string): Record<string, string> {
  return { authorization: `Bearer ${key}` };
}

import { request } from 'undici';
import type { GatewayConfigInput } from '../../src/config/config-schema.js';
import { parseConfig } from '../../src/config/load-config.js';
import { type GatewayOptions, type RunningGateway, startGateway } from '../../src/server/create-gateway.js';
import { captureLogs } from './logs.js';

/**
 * Starts a gateway on a free loopback port from a config object (validated like a file). Its logs
 * go to memory (pass `options.logger` from captureLogs() to read them), not to the test output.
 */
export function startTestGateway(
  config: Omit<GatewayConfigInput, 'server'> & { server?: GatewayConfigInput['server'] },
  options: GatewayOptions = {},
): Promise<RunningGateway> {
  return startGateway(parseConfig({ ...config, server: { port: 0, host: '127.0.0.1', ...config.server } }, {}), { logger: captureLogs().logger, ...options });
}

export interface GraphQLResult {
  status: number;
  body: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
    extensions?: Record<string, unknown>;
  };
}

/** POSTs one GraphQL operation over real HTTP. */
export async function gql(
  gateway: RunningGateway | string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GraphQLResult> {
  const url = typeof gateway === 'string' ? gateway : gateway.url;
  const res = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
    headersTimeout: 15_000,
    bodyTimeout: 15_000,
  });
  return { status: res.statusCode, body: (await res.body.json()) as GraphQLResult['body'] };
}

import assert from 'node:assert/strict';
import { encodeUserId } from '../../src/ids/global-id.js';
import type { VendorName } from '../../src/simulators/sim-types.js';
import { type GraphQLResult, gql } from './gateway.js';
import { SOURCE, type Stack } from './stack.js';

/** Reference-seed Waldur uuids and scopes used by the mutation tests. */
export const WALDUR = {
  ada: '90c16ecbbc3c59f8945b7a58f79e3b2e',
  grace: 'c7974533e54b5db2a307dc839f00b21c',
  alan: 'ec5ce0354725569fb8cef240d34bda7d',
  analyst01: '2329d4e8ca895f23bceb03e9cd520a5e',
  compilers: 'cd93c7490b405711bfe7bc33d832effa',
  apolloGuidance: '331266e296c05d31b772f293956a7354',
  analyticalEngines: 'f78d2c42abff5f2da55156ab89145ca6',
};

export function userId(vendor: VendorName, nativeId: string): string {
  return encodeUserId(SOURCE[vendor], nativeId);
}

export interface Payload {
  user?: Record<string, unknown> | null;
  userErrors: { field: string[] | null; message: string; code: string; source: string | null; retryable: boolean }[];
  [key: string]: unknown;
}

/** Runs one mutation and returns its payload; fails the test on a GraphQL error unless `allowErrors`. */
export async function mutate(
  stack: Stack,
  field: string,
  input: Record<string, unknown>,
  selection: string,
  inputType: string,
): Promise<{ payload: Payload | null; result: GraphQLResult }> {
  const result = await gql(
    stack.gateway,
    `mutation($input: ${inputType}!) { ${field}(input: $input) { ${selection} userErrors { field message code source retryable } } }`,
    {
      input,
    },
  );
  return { payload: (result.body.data?.[field] as Payload | null | undefined) ?? null, result };
}

/**
 * The one userError a failed source gave the mutation, with its code and source; the request has
 * no top-level error (failures stay in their field).
 */
export function sourceFailure(outcome: { payload: Payload | null; result: GraphQLResult }): Payload['userErrors'][number] {
  assert.equal(outcome.result.body.errors, undefined, JSON.stringify(outcome.result.body.errors));
  assert.ok(outcome.payload, 'the payload is there');
  assert.equal(outcome.payload.userErrors.length, 1, JSON.stringify(outcome.payload.userErrors));
  return outcome.payload.userErrors[0]!;
}

/** Asserts an operation refused for input made no upstream call at all. */
export async function assertNoUpstreamCalls(stack: Stack, what: string): Promise<void> {
  const counts = await stack.counts();
  assert.deepEqual([counts.dqops.total, counts.waldur.total, counts.rockset.total], [0, 0, 0], `${what}: upstream calls were made`);
}

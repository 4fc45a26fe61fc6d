import { type GraphQLSchema, Kind, type OperationDefinitionNode, parse } from 'graphql';
import type { GatewayConfig } from '../../config/config-schema.js';
import type { LimitCode } from '../../request/limit-error.js';
import { operationCost } from './cost.js';
import { rootFieldNames } from './root-fields.js';

type BatchRefusal = { code: LimitCode; message: string } | undefined;

/**
 * A batch (a JSON array of operations) is checked whole before any of it runs: Apollo runs the
 * operations of a batch at once, so a per-operation check would let the first ones run before a
 * later one crosses the limit. Operations that do not parse are left to Apollo to report.
 */
export function checkBatch(operations: readonly unknown[], schema: GraphQLSchema, server: GatewayConfig['server']): BatchRefusal {
  const { batching, limits } = server;
  if (!batching.enabled)
    return { code: 'BATCH_LIMIT_EXCEEDED', message: 'batched requests (a JSON array of operations) are off on this gateway (server.batching)' };
  if (operations.length > batching.maxOperations) {
    return { code: 'BATCH_LIMIT_EXCEEDED', message: `${operations.length} operations > ${batching.maxOperations} per batch` };
  }
  let cost = 0;
  let mutations = 0;
  for (const op of operations) {
    if (op === null || typeof op !== 'object' || typeof (op as { query?: unknown }).query !== 'string') continue;
    const { query, variables, operationName } = op as { query: string; variables?: Record<string, unknown>; operationName?: string };
    try {
      const document = parse(query, { maxTokens: limits.maxTokens });
      const operation = document.definitions.find(
        (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName),
      );
      if (operation?.operation === 'mutation') mutations += rootFieldNames(operation, document).length;
      cost += operationCost(schema, document, variables, operationName);
    } catch {
      // Parse errors, bad variables: each operation's own answer says so.
    }
  }
  if (mutations > limits.maxMutations)
    return { code: 'MUTATION_LIMIT_EXCEEDED', message: `${mutations} mutations > ${limits.maxMutations} per request (this batch)` };
  if (cost > limits.maxCost) return { code: 'COST_LIMIT_EXCEEDED', message: `cost ${cost} > ${limits.maxCost} (this batch)` };
  return undefined;
}

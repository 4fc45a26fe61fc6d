import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { GatewayConfig } from '../../config/config-schema.js';
import type { GatewayContext } from '../../context.js';
import { limitError } from '../../request/limit-error.js';
import { everyRequest } from '../plugins/every-request.js';
import { operationCost } from './cost.js';
import { bucketOf, type RateLimiter } from './rate-limiter.js';
import { rootFieldNames } from './root-fields.js';

/** Mutations that set a password or hand out a token (PRODUCT.md section 5: at most one per request). */
export const SECRET_MUTATIONS = new Set(['changePassword', 'changeMyPassword', 'refreshUserToken']);

/** A root field's own name, without `server.federation.rootPrefix`. */
export function unprefixed(name: string, federation: GatewayConfig['server']['federation']): string {
  const prefix = federation.enabled ? federation.rootPrefix : '';
  return prefix && name.startsWith(prefix) ? name.slice(prefix.length) : name;
}

/**
 * The limits that need the resolved operation, checked after validation and before any resolver
 * runs: mutations per request (aliases and fragments counted), one secret mutation per request,
 * the cost (multiplied by list sizes) against `maxCost`, and the caller's cost per minute.
 * Depth, aliases, directives and tokens are validation and parse rules (static-limits.ts).
 */
export function limitsPlugin(config: GatewayConfig['server'], rateLimiter: RateLimiter): ApolloServerPlugin<GatewayContext> {
  return everyRequest({
    // Synchronous unless the cost is taken from the caller's rate bucket: a request awaits nothing here otherwise.
    didResolveOperation({ operation, document, request, contextValue, schema }) {
      if (!operation) return undefined;
      if (operation.operation === 'mutation') {
        const names = rootFieldNames(operation, document).map((n) => unprefixed(n, config.federation));
        const secret = names.filter((n) => SECRET_MUTATIONS.has(n)).length;
        if (secret > 1) {
          throw new GraphQLError(`at most one password or token mutation (${[...SECRET_MUTATIONS].join(', ')}) per request; this one has ${secret}`, {
            extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
          });
        }
        contextValue.budget.spendMutations(names.length);
      }
      let cost: number;
      try {
        cost = operationCost(schema, document, request.variables, request.operationName);
      } catch (err) {
        // Variables that do not fit their types: execution refuses them before any resolver runs,
        // with graphql-js's own (masked) message; the cost walker's copy could quote a password.
        if (err instanceof Error && err.message.startsWith('Variable "$')) return undefined;
        throw limitError('COST_LIMIT_EXCEEDED', 'the operation is too large to cost (more than 10,000 selections)');
      }
      contextValue.budget.spendCost(cost);
      if (!config.rateLimits.enabled || !contextValue.principal) return undefined;
      return takeCost(rateLimiter, contextValue, bucketOf(config.rateLimits, contextValue.principal), cost);
    },
  });
}

/** Takes `cost` from the caller's bucket, or refuses the operation (429) with how long to wait. */
async function takeCost(rateLimiter: RateLimiter, contextValue: GatewayContext, bucket: ReturnType<typeof bucketOf>, cost: number): Promise<void> {
  const wait = await rateLimiter.takeCost(contextValue.rateKey, bucket, cost);
  if (wait > 0) {
    throw limitError('RATE_LIMITED', `cost ${cost} is more than what is left of ${bucket.costPerMinute} per minute; try again in ${wait} s`, {
      status: 429,
      retryAfterSec: wait,
    });
  }
}

import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import type { GraphQLError, ValidationContext, ValidationRule } from 'graphql';
import type { LimitsConfig } from '../../config/config-schema.js';
import { type LimitCode, limitError } from '../../request/limit-error.js';

/**
 * Depth, aliases and directives as GraphQL Armor's validation rules, run with graphql-js's own
 * validation, before anything executes. Armor reports through `onReject`; the error it would
 * throw is replaced by one whose code names the limit (`DEPTH_LIMIT_EXCEEDED: …`). Tokens are
 * limited in the parser itself (graphql-js `maxTokens`, set as Apollo's parseOptions).
 */
export function staticLimitRules(limits: LimitsConfig): ValidationRule[] {
  const reject = (code: LimitCode) => ({
    propagateOnRejection: false,
    exposeLimits: true,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) => context?.reportError(limitError(code, error.message.replace(/^Syntax Error: /, ''))),
    ],
  });
  return [
    maxDepthRule({ n: limits.maxDepth, ...reject('DEPTH_LIMIT_EXCEEDED') }),
    // A router (Hive Gateway) sends one level's entity fetches as aliased `_entities` fields of one
    // request: those aliases are a batch, bounded by cost and tokens, not what maxAliases is for.
    maxAliasesRule({ n: limits.maxAliases, allowList: ['_entities'], ...reject('ALIAS_LIMIT_EXCEEDED') }),
    maxDirectivesRule({ n: limits.maxDirectives, ...reject('DIRECTIVE_LIMIT_EXCEEDED') }),
  ];
}

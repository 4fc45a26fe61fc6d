import type { ComplexityEstimator } from 'graphql-query-complexity';
import { parseReference } from '../../resolvers/entity-references.js';
import { UPSTREAM_COST } from '../../schema/cost.js';

/** What the cost of a reference depends on: which sources look users up one call per id or email. */
export interface EntityLookups {
  /** True where a user by id costs a vendor call of its own (Waldur); false where one list call answers every id. */
  perItemSource(source: string): boolean;
  /** True where a Person costs a vendor call per email (some source looks people up one email at a time). */
  readonly perItemPeople: boolean;
}

/**
 * The cost of a router's `_entities` batch: one upstream call for the batch, then per *distinct*
 * representation (repeats are resolved once) the object and what it selects, plus a vendor call
 * where resolving it takes one (a Waldur user by id, a person by email). So 4,900 key-only Waldur ids
 * cost what 4,900 lookups cost and are refused before any call, while 500 references to 17 people
 * cost 17. A malformed representation costs nothing: it resolves to null without a call.
 */
export function entitiesCost(lookups: EntityLookups): ComplexityEstimator {
  return ({ args, childComplexity }) => {
    const representations: unknown[] = Array.isArray(args['representations']) ? args['representations'] : [];
    const seen = new Set<string>();
    let cost = UPSTREAM_COST;
    for (const representation of representations) {
      const ref = parseReference(representation);
      if (typeof ref === 'string' || seen.has(ref.key)) continue;
      seen.add(ref.key);
      const call = ref.type === 'User' ? lookups.perItemSource(ref.source) : ref.type === 'Person' ? lookups.perItemPeople : false;
      cost += 1 + childComplexity + (call ? UPSTREAM_COST : 0);
    }
    return cost;
  };
}

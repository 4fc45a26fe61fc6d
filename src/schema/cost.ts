import type { ComplexityEstimator } from 'graphql-query-complexity';

/**
 * The cost model behind `server.limits.maxCost` (graphql-query-complexity): a scalar costs 0, an
 * object 1, a field that may call upstream 10 more, and a list multiplies what each item selects,
 * by `first` for pages and by an assumed size for other lists. Fields without an estimator here
 * get the default (server/limits/cost-limit.ts).
 */
export const UPSTREAM_COST = 10;
/** What a list without `first` is assumed to hold (a person's accounts, a user's permissions). */
export const ASSUMED_LIST_SIZE = 5;

/** `users(first)`, `people(first)`: one page per source, `first` items (the argument's default when not given). */
export const pageCost: ComplexityEstimator = ({ args, field, childComplexity }) => {
  const given = args['first'];
  const fallback = field.args.find((a) => a.name === 'first')?.defaultValue;
  const first = typeof given === 'number' ? given : typeof fallback === 'number' ? fallback : 0;
  return UPSTREAM_COST + first * childComplexity;
};

/** One item of a page (`nodes`, `edges`): an object, multiplied by `first` on the page. */
export const pageItemsCost: ComplexityEstimator = ({ childComplexity }) => 1 + childComplexity;

/** A field that looks something up upstream (or in this request's loaders). */
export const lookupCost: ComplexityEstimator = ({ childComplexity }) => UPSTREAM_COST + 1 + childComplexity;

/** A list looked up per parent object (`Person.accounts`). */
export const listLookupCost: ComplexityEstimator = ({ childComplexity }) => UPSTREAM_COST + ASSUMED_LIST_SIZE * (1 + childComplexity);

/** `totalCount`: may page through a whole filtered source. */
export const COUNT_COST = 2 * UPSTREAM_COST;

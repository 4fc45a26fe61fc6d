import type { SimResponse } from '../sim-types.js';
import { lastParam } from './context.js';
import { fieldErrors } from './errors.js';

/** Postgres sorts text with the database collation (en_US.UTF-8 in Waldur's images): close to ICU's `en`. */
const collator = new Intl.Collator('en', { sensitivity: 'variant' });

export type SortKey<T> = (item: T) => string | boolean | number | null;

/** Compares two sort values as Postgres would: nulls last ascending, booleans false first. */
function compareValues(a: string | boolean | number | null, b: string | boolean | number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === 'string' && typeof b === 'string') return collator.compare(a, b);
  return a < b ? -1 : 1;
}

export type OrderingResult<T> = { ok: true; sort: (items: T[]) => T[] } | { ok: false; response: SimResponse };

/**
 * django-filter's `OrderingFilter` on `?o=` (Waldur's ExtendedOrderingFilter): the last `o`
 * value, comma-separated, each an allowed name with an optional `-`. An unknown name is a
 * 400 field error (the filterset does not validate), not silently ignored as DRF's own
 * OrderingFilter would. Without `o`, `fallback` orders. Ties keep the input order, which is
 * creation order: Waldur's pagination appends the primary key to every ordering
 * (`ensure_total_ordering`).
 */
export function orderingFrom<T>(query: URLSearchParams, allowed: Record<string, SortKey<T>[]>, fallback: SortKey<T>[]): OrderingResult<T> {
  const raw = lastParam(query, 'o');
  const keys: { key: SortKey<T>; desc: boolean }[] = [];
  for (const item of raw === undefined || raw === '' ? [] : raw.split(',')) {
    if (item === '') continue;
    const desc = item.startsWith('-');
    const name = desc ? item.slice(1) : item;
    const fields = allowed[name];
    if (!fields) return { ok: false, response: fieldErrors({ o: [`Select a valid choice. ${item} is not one of the available choices.`] }) };
    for (const key of fields) keys.push({ key, desc });
  }
  if (keys.length === 0) for (const key of fallback) keys.push({ key, desc: false });
  return {
    ok: true,
    sort: (items) =>
      [...items].sort((a, b) => {
        for (const { key, desc } of keys) {
          const c = compareValues(key(a), key(b));
          if (c !== 0) return desc ? -c : c;
        }
        return 0;
      }),
  };
}

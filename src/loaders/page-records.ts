import type { ListWindow, UserFilter, UserPage } from '../sources/source.js';
import { isEmptyFilter } from '../sources/user-order.js';
import { WindowCoverage } from './window-coverage.js';

/**
 * What one request has learned from paging sources' windows, so later reads need no call: the
 * total each reported for a filter, and (from unfiltered windows) who has which email.
 */
export class PageRecords {
  // Made on the first window recorded: a request that lists no paging source needs neither.
  #coverage: WindowCoverage | undefined;
  #totals: Map<string, number> | undefined;

  record(source: string, window: ListWindow, page: UserPage): void {
    this.#totals ??= new Map();
    this.#totals.set(totalKey(source, window.filter), page.total);
    // Only an unfiltered window says who is *not* there between its ends.
    if (isEmptyFilter(window.filter)) {
      const fromStart = window.offset === 0;
      this.#coverage ??= new WindowCoverage();
      this.#coverage.record(source, page.users, fromStart && page.users.length >= page.total, fromStart);
    }
  }

  /** The total the source reported this request for exactly this filter, if it did. */
  total(source: string, filter: UserFilter): number | undefined {
    return this.#totals?.get(totalKey(source, filter));
  }

  /** The source's users with this email when a recorded window answers for it; undefined otherwise. */
  lookup(source: string, email: string): ReturnType<WindowCoverage['lookup']> {
    return this.#coverage?.lookup(source, email);
  }

  /** Drops what was learned of a source (after a write to it). */
  forget(source: string): void {
    this.#coverage?.forget(source);
    if (this.#totals) for (const key of this.#totals.keys()) if (key.startsWith(`${source}\u0000`)) this.#totals.delete(key);
  }
}

/** The key of a paging source's reported total for one filter. */
function totalKey(source: string, filter: UserFilter): string {
  return `${source}\u0000${JSON.stringify(Object.entries(filter).sort())}`;
}

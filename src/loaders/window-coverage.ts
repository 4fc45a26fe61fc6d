import type { UnifiedUser } from '../sources/model.js';
import { userKey } from '../sources/user-order.js';

/** Emails (lower-cased) between which a source's list is known completely; null = unbounded. */
interface Range {
  /** Exclusive. */
  above: string | null;
  /** Exclusive. */
  below: string | null;
}

/**
 * What one request has seen of a paging source's complete (unfiltered) user list. This is what
 * lets `users { person { accounts } }` cost no call per user on Waldur.
 *
 * A listing of the whole source answers every email. A partial window answers only emails strictly
 * between its first and last email, and only if it came back in the gateway's own order: Waldur
 * sorts by its database collation, which can place punctuation differently from lower-case code
 * points, and then a window says nothing certain about its neighbours (contracts/waldur; the
 * simulator models the collation with ICU).
 */
export class WindowCoverage {
  readonly #ranges = new Map<string, Range[]>();
  readonly #usersByEmail = new Map<string, Map<string, UnifiedUser[]>>();
  /** Windows recorded but not yet indexed by email: most requests never look one up. */
  readonly #unindexed = new Map<string, (readonly UnifiedUser[])[]>();

  /**
   * `complete`: the window is the source's whole list (it started at 0 and reached the total).
   * `fromStart`: it started at 0, so nobody sorts before it, and every account of its first email
   * is in it (accounts of one email are consecutive): the range is open below.
   */
  record(source: string, users: readonly UnifiedUser[], complete: boolean, fromStart = false): void {
    const range = complete ? { above: null, below: null } : rangeOf(users, fromStart);
    if (!range) return;
    append(this.#ranges, source, range);
    append(this.#unindexed, source, users);
  }

  /** The source's email index, with the windows recorded since the last lookup added. */
  #index(source: string): Map<string, UnifiedUser[]> {
    const byEmail = this.#usersByEmail.get(source) ?? new Map<string, UnifiedUser[]>();
    const pending = this.#unindexed.get(source);
    if (pending === undefined) return byEmail;
    for (const users of pending) {
      for (const user of users) {
        const email = (user.email ?? '').toLowerCase();
        const list = byEmail.get(email) ?? [];
        if (!list.some((u) => u.nativeId === user.nativeId)) list.push(user);
        byEmail.set(email, list);
      }
    }
    this.#unindexed.delete(source);
    this.#usersByEmail.set(source, byEmail);
    return byEmail;
  }

  /** Drops what was recorded of a source (after a write to it). */
  forget(source: string): void {
    this.#ranges.delete(source);
    this.#usersByEmail.delete(source);
    this.#unindexed.delete(source);
  }

  /** The source's users with this email when a recorded window answers for it; undefined otherwise. */
  lookup(source: string, email: string): UnifiedUser[] | undefined {
    const lower = email.toLowerCase();
    const covered = (this.#ranges.get(source) ?? []).some((r) => (r.above === null || r.above < lower) && (r.below === null || lower < r.below));
    if (!covered) return undefined;
    return this.#index(source).get(lower) ?? [];
  }
}

function append<T>(lists: Map<string, T[]>, key: string, item: T): void {
  const list = lists.get(key);
  if (list) list.push(item);
  else lists.set(key, [item]);
}

/**
 * The emails strictly inside a partial window (open below when it started at 0), or undefined when
 * it says nothing certain: fewer than three users, or not in the gateway's own order.
 */
function rangeOf(users: readonly UnifiedUser[], fromStart: boolean): Range | undefined {
  const first = users[0];
  const last = users.at(-1);
  if (users.length < 3 || first === undefined || last === undefined) return undefined;
  const above = (first.email ?? '').toLowerCase();
  const below = (last.email ?? '').toLowerCase();
  const keys = users.map(userKey);
  if (keys.some((key, i) => i > 0 && (keys[i - 1] ?? '') > key)) return undefined;
  if (!(above < below)) return undefined;
  return fromStart ? { above: null, below } : { above, below };
}

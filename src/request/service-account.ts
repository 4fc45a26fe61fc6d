import type { SourceConfig } from '../config/config-schema.js';
import type { UpstreamStats } from '../http/upstream-stats.js';
import type { SourceAdapter } from '../sources/source.js';

/**
 * The vendor user a source's service credential belongs to. Reading that user's token through the
 * gateway would hand out the gateway's own credential, and refreshing it would revoke it and lock
 * the gateway out of the source; `userToken` and `refreshUserToken` ask here first. Found with one
 * `currentUser` call, made at start and kept; a failed lookup is tried again on the next question,
 * and until it succeeds the answer is "unknown", which the callers treat as a refusal.
 */
export class ServiceAccount {
  readonly #adapter: SourceAdapter;
  readonly #credential: string | undefined;
  #owner: Promise<string> | undefined;

  constructor(adapter: SourceAdapter, credentials: SourceConfig['credentials']) {
    this.#adapter = adapter;
    // A forwarded credential is the caller's own: there is no gateway credential to protect.
    this.#credential = credentials.mode === 'service' && adapter.info.capabilities.includes('CURRENT_USER') ? credentials.secret : undefined;
  }

  /** Whether the source holds a gateway credential whose owner can be looked up (only those with tokens matter). */
  get applies(): boolean {
    return this.#credential !== undefined && this.#adapter.info.capabilities.some((c) => c === 'READ_USER_TOKEN' || c === 'REFRESH_USER_TOKEN');
  }

  /** The owner's native id; rejects when the vendor cannot be asked right now. */
  ownerId(stats: UpstreamStats): Promise<string> {
    const credential = this.#credential;
    if (credential === undefined) return Promise.reject(new Error('no service credential'));
    if (this.#owner === undefined) {
      const lookup = this.#adapter.currentUser({ credential, stats }).then((user) => user.nativeId);
      // A failed lookup is forgotten, so the next question asks again.
      lookup.catch(() => {
        if (this.#owner === lookup) this.#owner = undefined;
      });
      this.#owner = lookup;
    }
    return this.#owner;
  }

  /** `'owner'`, `'other'`, or `'unknown'` when the owner could not be found out. */
  async classify(nativeId: string, stats: UpstreamStats): Promise<'owner' | 'other' | 'unknown'> {
    if (!this.applies) return 'other';
    try {
      return (await this.ownerId(stats)) === nativeId ? 'owner' : 'other';
    } catch {
      return 'unknown';
    }
  }
}

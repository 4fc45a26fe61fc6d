import { hash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AuthConfig } from '../../config/config-schema.js';
import type { Principal } from '../../request/principal.js';

/** Every key `usergraph hash-key` makes starts with this, so a leaked one is recognizable (secret scanners, logs). */
export const API_KEY_PREFIX = 'ugk_';

/** A new random key: 32 bytes of entropy, base64url, behind the prefix. */
export function generateApiKey(): string {
  return `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/**
 * SHA-256 of the key, as stored in config. A fast hash is the norm for API keys (GitHub, Stripe):
 * they are high-entropy random strings, so there is nothing for a slow hash to protect against
 * guessing, and a fast one keeps every request cheap.
 */
export function hashApiKey(key: string): string {
  return `sha256:${hash('sha256', key, 'hex')}`;
}

interface StoredKey {
  readonly digest: Buffer;
  readonly principal: Principal;
}

/** The configured API keys, checked by digest in constant time. */
export class ApiKeyStore {
  readonly #keys: readonly StoredKey[];
  /**
   * Keys that verified, by their text, so a key presented again is known without hashing it (the
   * SHA-256 and the comparisons were 1-2% of a request's CPU), as Kong's key-auth caches its lookups
   * and Envoy its verified JWTs. Only a text whose digest matched a configured one gets in, so it
   * holds at most one entry per configured key, whatever is sent; a guess never enters it and always
   * takes the constant-time path. A hit tells the caller nothing the answer does not (a known key is
   * served, a guess refused). It lives as long as the process: a key taken out of the config stops
   * working at the restart that reads the new config, as before.
   */
  readonly #verified = new Map<string, Principal>();

  constructor(keys: readonly (Omit<AuthConfig['apiKeys'][number], 'pii'> & { pii?: boolean })[]) {
    this.#keys = keys.map((k) => ({
      digest: Buffer.from(k.hash.slice('sha256:'.length), 'hex'),
      principal: { id: `apikey:${k.name}`, role: k.role, sources: k.sources ?? null, pii: k.pii === true },
    }));
  }

  get size(): number {
    return this.#keys.length;
  }

  /**
   * The principal of a presented key, or undefined. Every stored digest is compared (no early
   * exit), each with timingSafeEqual, so the time taken says nothing about which key was close.
   */
  verify(presented: string): Principal | undefined {
    const verified = this.#verified.get(presented);
    if (verified) return verified;
    // One-shot crypto.hash: no Hash object per request (Node >= 20.12).
    const digest = hash('sha256', presented, 'buffer');
    let found: Principal | undefined;
    for (const key of this.#keys) {
      if (timingSafeEqual(digest, key.digest) && found === undefined) found = key.principal;
    }
    if (found) this.#verified.set(presented, found);
    return found;
  }
}

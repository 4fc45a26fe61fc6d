import type { AuthConfig } from '../../config/config-schema.js';
import type { Principal } from '../../request/principal.js';
import type { RequestHeaders } from '../../request/request-headers.js';
import type { MirrorStatus, StateStore } from '../../state/state-store.js';
import type { Logger } from '../logger.js';
import { ApiKeyStore } from './api-keys.js';
import { FailureLimiter } from './failure-limiter.js';
import { JwtVerifier } from './jwt-verifier.js';

export type AuthOutcome =
  | { kind: 'ok'; principal: Principal }
  /** No credential, and anonymous callers may do nothing. */
  | { kind: 'missing' }
  /** A credential that is wrong, expired, revoked or unverifiable: one answer for all, so none is told apart. */
  | { kind: 'invalid' }
  /** A valid token that maps to no gateway role. */
  | { kind: 'no-role' }
  | { kind: 'throttled'; retryAfterSec: number };

const ANONYMOUS_VIEWER: Principal = { id: 'anonymous', role: 'viewer', sources: null };
/** Three base64url segments: a JWS compact token. */
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$/;
/** Longer than any key or token we accept: refused without hashing. */
const MAX_CREDENTIAL_LENGTH = 8192;

/**
 * Who is calling: an API key (`Authorization: Bearer <key>` or `x-api-key: <key>`), a JWT
 * (`Authorization: Bearer <jwt>`), or nobody. The one place that reads the gateway's own
 * credentials from a request; what a principal may do is decided in the schema (auth-checker.ts).
 */
export class Authenticator {
  readonly #config: AuthConfig;
  readonly #keys: ApiKeyStore;
  readonly #jwt: JwtVerifier | undefined;
  readonly #failures: FailureLimiter;

  constructor(config: AuthConfig, logger: Logger, store: StateStore) {
    this.#config = config;
    this.#keys = new ApiKeyStore(config.apiKeys);
    this.#jwt = config.jwt ? new JwtVerifier(config.jwt, logger) : undefined;
    this.#failures = new FailureLimiter(store, config.maxFailuresPerMinute);
  }

  /**
   * `client` is the caller's address: failures are counted per address. An API key whose address
   * is known not to be blocked is answered synchronously (no promise: most requests), anything
   * that must wait (the store, a JWKS, counting a failure) as a promise.
   */
  authenticate(headers: RequestHeaders, client: string): AuthOutcome | Promise<AuthOutcome> {
    const credential = credentialOf(headers);
    if (credential === undefined) {
      return this.#config.anonymous === 'viewer' ? { kind: 'ok', principal: ANONYMOUS_VIEWER } : { kind: 'missing' };
    }
    // Known at once unless the store must be asked (Redis, while a replica's mirror of blocks syncs).
    const blocked = this.#failures.blockedNow(client);
    if (blocked === undefined) return this.#afterStore(credential, client);
    return this.#check(credential, client, blocked);
  }

  /** The failed-authentication blocks as this process mirrors them (for the metrics). */
  blockMirror(): MirrorStatus | undefined {
    return this.#failures.mirrorStatus();
  }

  async #afterStore(credential: string, client: string): Promise<AuthOutcome> {
    return this.#check(credential, client, await this.#failures.blockedFor(client));
  }

  #check(credential: string, client: string, blocked: number): AuthOutcome | Promise<AuthOutcome> {
    if (blocked > 0) return { kind: 'throttled', retryAfterSec: blocked };
    // An API key is checked in place; only a JWT may need to wait (for its JWKS).
    if (this.#jwt && JWT_SHAPE.test(credential)) return this.#checkJwt(this.#jwt, credential, client);
    const outcome = this.#verifyKey(credential);
    return outcome.kind === 'ok' ? outcome : this.#failed(client, outcome);
  }

  async #checkJwt(jwt: JwtVerifier, credential: string, client: string): Promise<AuthOutcome> {
    const outcome = await this.#verifyJwt(jwt, credential);
    return outcome.kind === 'ok' ? outcome : this.#failed(client, outcome);
  }

  /** Counts a failure; past the limit already (another replica blocked the address a moment ago), refused as blocked. */
  async #failed(client: string, outcome: AuthOutcome): Promise<AuthOutcome> {
    const wait = await this.#failures.recordFailure(client);
    return wait > 0 ? { kind: 'throttled', retryAfterSec: wait } : outcome;
  }

  #verifyKey(credential: string): AuthOutcome {
    if (credential === '' || credential.length > MAX_CREDENTIAL_LENGTH) return { kind: 'invalid' };
    const principal = this.#keys.verify(credential);
    return principal ? { kind: 'ok', principal } : { kind: 'invalid' };
  }

  async #verifyJwt(jwt: JwtVerifier, credential: string): Promise<AuthOutcome> {
    if (credential.length > MAX_CREDENTIAL_LENGTH) return { kind: 'invalid' };
    const result = await jwt.verify(credential);
    if (result.ok) return { kind: 'ok', principal: result.principal };
    return result.reason === 'no-role' ? { kind: 'no-role' } : { kind: 'invalid' };
  }
}

/** The presented credential, or undefined when the request carries none. A non-Bearer Authorization is presented but invalid. */
function credentialOf(headers: RequestHeaders): string | undefined {
  const authorization = headers['authorization']?.trim();
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    return match?.[1] ?? '';
  }
  const apiKey = headers['x-api-key']?.trim();
  return apiKey || undefined;
}

import { createPublicKey, type KeyObject } from 'node:crypto';
import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify } from 'jose';
import type { JwtConfig, Role } from '../../config/config-schema.js';
import { higherRole, type Principal } from '../../request/principal.js';
import type { Logger } from '../logger.js';

/** What a presented JWT comes to: a principal, or why not (for logs only: callers get one message). */
export type JwtOutcome = { ok: true; principal: Principal } | { ok: false; reason: 'invalid' | 'no-role' | 'jwks-unavailable' };

/** The longest `sub` that goes into a principal id (and so into logs). */
const MAX_SUBJECT = 128;

/**
 * Verifies bearer JWTs with jose against a JWKS (fetched with a deadline, cached, refetched on an
 * unknown `kid` at most once per 30 s: jose's cooldown) or a configured public key. Only the
 * configured asymmetric algorithms are accepted, so `alg: none` and HS256-signed-with-the-public-key
 * (algorithm confusion) fail in jose before any key is used.
 */
export class JwtVerifier {
  readonly #config: JwtConfig;
  readonly #key: KeyObject | ReturnType<typeof createRemoteJWKSet>;
  readonly #logger: Logger;

  constructor(config: JwtConfig, logger: Logger) {
    this.#config = config;
    this.#logger = logger;
    this.#key = config.publicKey
      ? createPublicKey(config.publicKey)
      : createRemoteJWKSet(new URL(config.jwksUrl ?? ''), {
          timeoutDuration: config.jwksTimeoutMs,
          cooldownDuration: config.jwksCooldownMs,
          cacheMaxAge: 10 * 60_000,
        });
  }

  async verify(token: string): Promise<JwtOutcome> {
    let payload: JWTPayload;
    try {
      const options = {
        issuer: this.#config.issuer,
        audience: this.#config.audience,
        algorithms: [...this.#config.algorithms],
        clockTolerance: this.#config.clockToleranceSec,
        requiredClaims: ['sub', 'exp'],
      };
      // The two overloads of jwtVerify (a key, or a key getter) cannot be called through one union.
      payload = (this.#key instanceof Function ? await jwtVerify(token, this.#key, options) : await jwtVerify(token, this.#key, options)).payload;
    } catch (err) {
      if (isJwksFailure(err)) {
        this.#logger.warn(
          { jwks: this.#config.jwksUrl, error: err instanceof Error ? err.name : 'unknown' },
          'JWKS unreachable: bearer tokens cannot be verified',
        );
        return { ok: false, reason: 'jwks-unavailable' };
      }
      return { ok: false, reason: 'invalid' };
    }
    const role = this.#roleOf(payload);
    if (!role) return { ok: false, reason: 'no-role' };
    const subject = String(payload.sub).slice(0, MAX_SUBJECT);
    return { ok: true, principal: { id: `jwt:${subject}`, role, sources: this.#sourcesOf(payload), pii: this.#piiOf(payload) } };
  }

  #roleOf(payload: JWTPayload): Role | undefined {
    let role: Role | undefined;
    for (const value of stringsAt(payload, this.#config.roleClaim)) {
      const mapped = Object.hasOwn(this.#config.roleMap, value) ? this.#config.roleMap[value] : value === 'admin' || value === 'viewer' ? value : undefined;
      if (mapped) role = higherRole(role, mapped);
    }
    return role;
  }

  /** The pii grant: the claim is `true`, or holds the configured value (a string, space-separated as OAuth `scope`, or an array). */
  #piiOf(payload: JWTPayload): boolean {
    return valueAt(payload, this.#config.piiClaim) === true || stringsAt(payload, this.#config.piiClaim).includes(this.#config.piiValue);
  }

  #sourcesOf(payload: JWTPayload): readonly string[] | null {
    // Like an API key without `sources`: a token without the claim may use every source. A claim
    // that is there but names nothing (or only non-strings) limits the token to none, never to all.
    if (!this.#config.sourcesClaim || valueAt(payload, this.#config.sourcesClaim) === undefined) return null;
    return stringsAt(payload, this.#config.sourcesClaim);
  }
}

/** The strings at a dotted claim path: a string (space-separated, as OAuth `scope`), or an array of strings. */
function stringsAt(payload: JWTPayload, path: string): string[] {
  const value = valueAt(payload, path);
  if (typeof value === 'string') return value.split(' ').filter((s) => s !== '');
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

function valueAt(payload: JWTPayload, path: string): unknown {
  let value: unknown = payload;
  for (const part of path.split('.')) {
    value = value !== null && typeof value === 'object' && Object.hasOwn(value, part) ? (value as Record<string, unknown>)[part] : undefined;
  }
  return value;
}

/** Failures to get the keys, as opposed to a bad token. */
function isJwksFailure(err: unknown): boolean {
  if (err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid) return true;
  // jose's fetch of the JWKS rejects with fetch's TypeError when the host cannot be reached.
  return err instanceof TypeError || (err instanceof errors.JOSEError && err.code === 'ERR_JOSE_GENERIC');
}

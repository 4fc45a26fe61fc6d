import { GatewayError } from '../errors.js';
import { type DecodedUserId, decodeGlobalId } from '../ids/global-id.js';
import type { ScopeKind, UserErrorInfo } from '../sources/model.js';
import { roleRefusal } from '../sources/role-catalog.js';
import type { Vendor } from '../vendors.js';

/**
 * The checks every vendor shares, made before any upstream call. Each failure names its input
 * field; a message never quotes a password.
 */
export const MAX_PASSWORD_LENGTH = 4096;
export const MAX_NAME_LENGTH = 150;
export const MAX_EMAIL_LENGTH = 254;

// The WHATWG form's email rule (what browsers accept in <input type=email>), plus a length limit.
const EMAIL = /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+$/;

export class InputChecks {
  readonly errors: UserErrorInfo[] = [];

  add(field: string[] | null, message: string, code: UserErrorInfo['code']): void {
    this.errors.push({ field, message, code });
  }

  email(field: string[], value: string): void {
    if (value.length === 0) this.add(field, 'must not be empty', 'REQUIRED');
    else if (value.length > MAX_EMAIL_LENGTH) this.add(field, `must be at most ${MAX_EMAIL_LENGTH} characters`, 'TOO_LONG');
    else if (!EMAIL.test(value)) this.add(field, `must be an email address such as grace@example.com, got ${JSON.stringify(value)}`, 'INVALID');
  }

  password(field: string[], value: string): void {
    // Never a maximum under 64 (issue 4); 4096 keeps a request from hashing megabytes upstream.
    if (value.length === 0) this.add(field, 'must not be empty', 'REQUIRED');
    else if (value.length > MAX_PASSWORD_LENGTH) this.add(field, `must be at most ${MAX_PASSWORD_LENGTH} characters, got ${value.length}`, 'TOO_LONG');
  }

  name(field: string[], value: string | undefined | null): void {
    if (value !== undefined && value !== null && value.length > MAX_NAME_LENGTH)
      this.add(field, `must be at most ${MAX_NAME_LENGTH} characters, got ${value.length}`, 'TOO_LONG');
  }

  nonEmpty(field: string[], value: string): void {
    if (value.trim().length === 0) this.add(field, 'must not be empty', 'REQUIRED');
  }

  future(field: string[], value: Date | null | undefined, now: Date): void {
    if (value instanceof Date && value.getTime() <= now.getTime()) this.add(field, `must be in the future, got ${value.toISOString()}`, 'INVALID');
  }

  /**
   * A role `grantRole` may give on that kind of scope in a source of `vendor` (Source.roles); the
   * message names the valid roles. An unknown vendor (an unknown source) is left to `source`.
   */
  grantable(vendor: Vendor | undefined, role: string, scopeKind: ScopeKind): void {
    if (vendor === undefined || role.trim() === '') return;
    const refusal = roleRefusal(vendor, role, scopeKind);
    if (refusal) this.add(refusal.field === 'role' ? ['role'] : ['scope', 'kind'], refusal.message, 'INVALID');
  }

  /** A global user id; undefined (with a userError) when it is not one of ours. */
  userId(field: string[], value: string): DecodedUserId | undefined {
    try {
      return decodeGlobalId(value, field.join('.'));
    } catch (err) {
      if (!(err instanceof GatewayError)) throw err;
      this.add(field, err.message, 'INVALID');
      return undefined;
    }
  }

  /**
   * A source the caller may use. An unknown name is a userError; a source outside the caller's
   * reach stays the FORBIDDEN error `sources.runtime` throws, so it is never mistaken for bad input.
   */
  source(field: string[], value: string, sources: { runtime(name: string): unknown }): boolean {
    try {
      sources.runtime(value);
      return true;
    } catch (err) {
      if (!(err instanceof GatewayError) || err.code !== 'BAD_USER_INPUT') throw err;
      this.add(field, err.message, 'INVALID');
      return false;
    }
  }

  get ok(): boolean {
    return this.errors.length === 0;
  }
}

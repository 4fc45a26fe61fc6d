import { isPlainObject, mediaType, type SimRequest, type SimResponse } from '../sim-types.js';
import { springError } from './errors.js';
import { DQOPS_ROLES, type DqopsRole } from './seed.js';

/**
 * The `consumes` condition of a Spring mapping: a body of another media type, or with no
 * Content-Type at all (Spring then assumes application/octet-stream), is a 415 with Spring's
 * error JSON and an `Accept` header naming the type the operation takes. Matching happens
 * before any argument is read, so it also precedes the controller's own checks.
 */
export function checkConsumes(req: SimRequest, consumes: 'application/json' | 'text/plain'): SimResponse | undefined {
  if (mediaType(req) === consumes) return undefined;
  const sent = (req.headers['content-type'] ?? '').replace(/\s*;\s*/g, ';').trim();
  return springError(415, req.path, {
    message: `Content type '${sent}' not supported`,
    exception: 'org.springframework.web.server.UnsupportedMediaTypeStatusException',
    headers: { accept: consumes },
  });
}

/** A `DqoUserRolesModel` as Jackson reads it; every field may be null. */
export interface UserModelInput {
  email: string | null;
  accountRole: DqopsRole | null;
  dataDomainRoles: Record<string, DqopsRole | null> | null;
}

export type UserModelBody = { kind: 'model'; model: UserModelInput } | { kind: 'null' } | { kind: 'unreadable'; response: SimResponse };

/**
 * Decodes a JSON user model the way Spring Boot's Jackson defaults would: unknown properties
 * are ignored, a number or boolean is coerced to the `email` string, an unknown enum value or a
 * wrong shape fails the read with Spring's 400 "Failed to read HTTP message".
 * An empty body or a JSON `null` gives no model: contracts/dqops README says the controller then
 * answers 406 (Spring's required-body check might answer 400 first; the README is followed).
 */
export function readUserModel(req: SimRequest): UserModelBody {
  if (req.body.length === 0) return { kind: 'null' };
  let value: unknown;
  try {
    value = JSON.parse(req.body.toString('utf8'));
  } catch {
    return unreadable(req);
  }
  if (value === null) return { kind: 'null' };
  if (!isPlainObject(value)) return unreadable(req);

  const email = value['email'];
  if (email !== undefined && email !== null && !['string', 'number', 'boolean'].includes(typeof email)) return unreadable(req);
  const accountRole = value['accountRole'];
  if (accountRole !== undefined && accountRole !== null && !isRole(accountRole)) return unreadable(req);
  const roles = value['dataDomainRoles'];
  if (roles !== undefined && roles !== null) {
    if (!isPlainObject(roles)) return unreadable(req);
    if (!Object.values(roles).every((r) => r === null || isRole(r))) return unreadable(req);
  }
  return {
    kind: 'model',
    model: {
      email: email === undefined || email === null ? null : String(email),
      accountRole: (accountRole ?? null) as DqopsRole | null,
      dataDomainRoles: (roles ?? null) as Record<string, DqopsRole | null> | null,
    },
  };
}

/**
 * A `text/plain` password body, the raw string (contracts/dqops README): no JSON decoding, so
 * `"secret"` with its quotes is the password `"secret"`. Decoded with the body's charset,
 * UTF-8 by default as Spring's StringDecoder does. An empty body gives ''.
 */
export function readPlainText(req: SimRequest): string {
  const charset = /;\s*charset="?([^";]+)"?/i.exec(req.headers['content-type'] ?? '')?.[1];
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(req.body);
  } catch {
    return req.body.toString('utf8');
  }
}

/** Spring's answer to a required body that is absent (`@RequestBody` is required by default). */
export function noRequestBody(req: SimRequest): SimResponse {
  return springError(400, req.path, { message: 'No request body', exception: 'org.springframework.web.server.ServerWebInputException' });
}

function unreadable(req: SimRequest): UserModelBody {
  return {
    kind: 'unreadable',
    response: springError(400, req.path, { message: 'Failed to read HTTP message', exception: 'org.springframework.web.server.ServerWebInputException' }),
  };
}

function isRole(value: unknown): value is DqopsRole {
  return typeof value === 'string' && (DQOPS_ROLES as readonly string[]).includes(value);
}

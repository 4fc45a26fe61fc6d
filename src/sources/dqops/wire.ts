import { type ZodIssue, type ZodType, z } from 'zod';
import { UpstreamError } from '../../errors.js';

/**
 * DQOps instance API shapes exactly as sent (contracts/dqops `dqops-users-swagger2.json`).
 *
 * `DqoUserRolesModel` has no `required` list, and its Java fields (`email`, `accountRole`,
 * `dataDomainRoles`) are plain nullable references serialized by Jackson, so each may be absent
 * or null. Roles are kept as open strings, not the `DqoUserRole` enum: an unknown role maps to
 * NONE in mapping.ts instead of failing the whole list. Extra fields pass through.
 */
export const dqopsUserRolesModelSchema = z
  .object({
    /** "User's email that identifies the user." The native id; mapping.ts requires it. */
    email: z.string().nullish(),
    /** `admin`, `editor`, `operator`, `viewer` or `none`. */
    accountRole: z.string().nullish(),
    /** Domain name → role; on read DQOps fills every domain the user has no role in with `none`. */
    dataDomainRoles: z.record(z.string(), z.string().nullable()).nullish(),
  })
  .passthrough();

export type DqopsUserRolesModel = z.infer<typeof dqopsUserRolesModelSchema>;

/**
 * The `DqoUserRolesModel` usergraph sends to `POST /api/users` and `PUT /api/users/{email}`: every
 * field set, because the PUT replaces the whole model (contracts/dqops README). `none` entries may
 * be sent; DQOps drops them on write.
 */
export interface DqopsUserRolesWrite {
  email: string;
  accountRole: string;
  dataDomainRoles: Record<string, string>;
}

/** `GET /api/users`: a bare JSON array, sorted by email (contracts/dqops README). */
export const dqopsUserListSchema = z.array(dqopsUserRolesModelSchema);

export type DqopsUserList = z.infer<typeof dqopsUserListSchema>;

/** Which answer is being read, for error messages: `GET /api/users/{email}` (a template, no email). */
export interface WireOrigin {
  source: string;
  operation: string;
  httpStatus: number;
}

/**
 * Parses a decoded JSON body with a wire schema. A wrong shape becomes UPSTREAM_BAD_RESPONSE
 * naming the source, the operation and the key paths, never the values (a body may hold secrets).
 */
export function parseWire<T>(schema: ZodType<T>, value: unknown, origin: WireOrigin): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.slice(0, 3).map(describeIssue).join('; ');
  const more = parsed.error.issues.length > 3 ? ` (and ${parsed.error.issues.length - 3} more)` : '';
  return badResponse(origin, `sent an unexpected answer to ${origin.operation}: ${issues}${more}`, parsed.error);
}

/** Decodes a UTF-8 JSON body; anything else is UPSTREAM_BAD_RESPONSE (the text is not quoted). */
export function decodeJson(body: Buffer, origin: WireOrigin): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch (err) {
    return badResponse(origin, `sent a body that is not JSON in answer to ${origin.operation}`, err);
  }
}

/** `[2].dataDomainRoles["(default)"]: expected string, received number` — types only, no values. */
export function describeIssue(issue: ZodIssue): string {
  // zod's own messages may quote the value (invalid_enum_value says "received 'x'"), so they are not used.
  const what = issue.code === 'invalid_type' ? `expected ${issue.expected}, received ${issue.received}` : issue.code.replace(/_/g, ' ');
  return `${formatPath(issue.path)}: ${what}`;
}

function formatPath(path: readonly (string | number)[]): string {
  if (path.length === 0) return '(body)';
  return path
    .map((key, i) => {
      if (typeof key === 'number') return `[${key}]`;
      if (/^[A-Za-z_$][\w$]*$/.test(key)) return i === 0 ? key : `.${key}`;
      return `[${JSON.stringify(key)}]`;
    })
    .join('');
}

function badResponse({ source, httpStatus }: WireOrigin, what: string, cause: unknown): never {
  throw new UpstreamError('UPSTREAM_BAD_RESPONSE', `source "${source}" ${what}`, { source, httpStatus, retryable: false, cause });
}

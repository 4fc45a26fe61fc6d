import type { z } from 'zod/v4';
import { UpstreamError } from '../../errors.js';
import { formatKeyPath } from '../../key-path.js';
import { wireCheckOf } from './wire-check.js';

/** Which answer is being read, for error messages: `GET /api/users/{email}` (a route template: no id, no email). */
export interface WireOrigin {
  source: string;
  operation: string;
  httpStatus?: number;
}

/** The most problems one message lists; the rest are counted. */
const SHOWN_ISSUES = 3;

/**
 * Decodes a UTF-8 JSON body and checks it against a vendor's wire schema (zod 4: several times
 * faster than zod 3 on a page of users). Anything else is UPSTREAM_BAD_RESPONSE naming the source,
 * the operation and the key paths, never a value: a body may hold a token or a password.
 */
export function parseWireBody<T>(schema: z.ZodType<T>, body: Buffer, origin: WireOrigin): T {
  return parseWire(schema, decodeJson(body, origin), origin);
}

/** Checks an already decoded body; see parseWireBody. What passes is returned as decoded, not copied (wire-check.ts). */
export function parseWire<T>(schema: z.ZodType<T>, value: unknown, origin: WireOrigin): T {
  if (wireCheckOf(schema)?.(value)) return value as T;
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const { issues } = parsed.error;
  const shown = issues
    .slice(0, SHOWN_ISSUES)
    .map((issue) => `${formatKeyPath(issue.path, '(body)')}: ${describeIssue(issue, value)}`)
    .join('; ');
  const more = issues.length > SHOWN_ISSUES ? ` (and ${issues.length - SHOWN_ISSUES} more)` : '';
  throw badResponse(origin, `sent an unexpected answer to ${origin.operation}: ${shown}${more}`, parsed.error);
}

/** JSON.parse, or UPSTREAM_BAD_RESPONSE. V8's SyntaxError quotes part of the text, so it is not kept even as `cause`. */
export function decodeJson(body: Buffer, origin: WireOrigin): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    throw badResponse(origin, `sent a body that is not valid JSON in answer to ${origin.operation}`);
  }
}

/** An error answer's body as JSON, or undefined when it is not JSON (a proxy's error page): then only the status counts. */
export function decodeErrorBody(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * `required string is missing`, `expected string, got number`: kinds only. zod's own messages are
 * not used, since some quote what was received (an enum's value, a literal).
 */
function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  if (issue.code === 'invalid_type') {
    const got = kindOf(valueAt(input, issue.path));
    return got === 'undefined' ? `required ${issue.expected} is missing` : `expected ${issue.expected}, got ${got}`;
  }
  if (issue.code === 'too_small' && issue.origin === 'string' && issue.minimum === 1) return 'expected a non-empty string';
  return `failed check ${issue.code}`;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function badResponse({ source, httpStatus }: WireOrigin, what: string, cause?: unknown): UpstreamError {
  return new UpstreamError('UPSTREAM_BAD_RESPONSE', `source "${source}" ${what}`, {
    source,
    ...(httpStatus === undefined ? {} : { httpStatus }),
    retryable: false,
    ...(cause === undefined ? {} : { cause }),
  });
}

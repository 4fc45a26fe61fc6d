import type { ZodIssue, ZodType, ZodTypeDef } from 'zod';
import { UpstreamError } from '../../errors.js';
import type { UpstreamResponse } from '../../http/upstream-client.js';

/**
 * Parses an upstream answer's body against a wire schema. Anything that is not JSON, or JSON of
 * the wrong shape, is UPSTREAM_BAD_RESPONSE naming the source, the shape and the key path. Values
 * are never quoted (a body may hold anything, secrets included); the underlying error is `cause`.
 */
export function parseWire<T>(source: string, shape: string, schema: ZodType<T, ZodTypeDef, unknown>, res: UpstreamResponse): T {
  const details = { source, httpStatus: res.status, retryable: false };
  let json: unknown;
  try {
    json = JSON.parse(res.body.toString('utf8'));
  } catch (err) {
    // V8's SyntaxError quotes part of the text, so its message stays in `cause` only.
    throw new UpstreamError('UPSTREAM_BAD_RESPONSE', `source "${source}" sent a ${shape} that is not valid JSON`, { ...details, cause: err });
  }
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const [first, ...rest] = result.error.issues;
  const what = first ? `${keyPath(first.path)}: ${describeIssue(first)}` : 'unknown problem';
  const more = rest.length > 0 ? ` (and ${rest.length} more)` : '';
  throw new UpstreamError('UPSTREAM_BAD_RESPONSE', `source "${source}" sent a ${shape} that does not fit Rockset's contract: ${what}${more}`, {
    ...details,
    cause: result.error,
  });
}

/** `data[2].email`; `(body)` for the whole body. */
export function keyPath(path: readonly (string | number)[]): string {
  if (path.length === 0) return '(body)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/**
 * Only the kinds of what was expected and what came (`expected string, got number`). zod's own
 * messages for enums and literals quote the received value, so other issues are named by code.
 */
function describeIssue(issue: ZodIssue): string {
  if (issue.code === 'invalid_type') {
    return issue.received === 'undefined' ? `required ${issue.expected} is missing` : `expected ${issue.expected}, got ${issue.received}`;
  }
  if (issue.code === 'too_small' && issue.type === 'string') return 'expected a non-empty string';
  return `failed check ${issue.code}`;
}

import { isPlainObject, mediaType, parseJsonBody, type SimRequest, type SimResponse } from '../sim-types.js';
import { rocksetError } from './errors.js';

export type Checked<T> = { ok: true; value: T } | { ok: false; response: SimResponse };

/**
 * The spec says every operation `produces: application/json`, so a client whose `Accept` rules
 * JSON out gets 406 NOTACCEPTABLE, as a JAX-RS server does. No `Accept` accepts anything.
 */
export function checkAccept(req: SimRequest): SimResponse | undefined {
  const accept = req.headers.accept;
  if (accept === undefined || accept.trim() === '') return undefined;
  const ranges = accept.split(',').map((r) => (r.split(';')[0] ?? '').trim().toLowerCase());
  if (ranges.some((r) => r === '*/*' || r === 'application/*' || r === 'application/json' || r === '')) return undefined;
  return rocksetError(406, 'NOTACCEPTABLE', `Cannot produce a response matching Accept: ${accept.slice(0, 100)}; this endpoint produces application/json.`);
}

/**
 * A POST body as a JSON object: 415 UNSUPPORTEDMEDIATYPE unless it is sent as
 * `application/json` (the spec's `consumes`; a missing Content-Type is not JSON either),
 * 400 BADREQUEST when it is empty, not JSON, or not an object.
 */
export function readJsonObject(req: SimRequest): Checked<Record<string, unknown>> {
  const type = mediaType(req);
  if (type !== 'application/json') {
    const sent = type === '' ? 'no Content-Type' : `Content-Type ${type}`;
    return fail(rocksetError(415, 'UNSUPPORTEDMEDIATYPE', `Unsupported media type: ${sent}; this endpoint consumes application/json.`));
  }
  const parsed = parseJsonBody(req);
  if (!parsed.ok) {
    const message = parsed.reason === 'empty body' ? 'A JSON request body is required.' : `Could not parse the request body as JSON: ${parsed.reason}`;
    return fail(rocksetError(400, 'BADREQUEST', message));
  }
  if (!isPlainObject(parsed.value)) return fail(rocksetError(400, 'BADREQUEST', 'The request body must be a JSON object.'));
  return { ok: true, value: parsed.value };
}

/** A 400 INVALIDINPUT naming the field, as Rockset's validation errors do. */
export function invalidInput(field: string, problem: string): SimResponse {
  return rocksetError(400, 'INVALIDINPUT', `Invalid input: ${field} ${problem}.`);
}

/**
 * An optional string field: absent or null is undefined (Jackson reads both the same way),
 * anything else but a string is a 400 naming the field.
 */
export function optionalString(body: Record<string, unknown>, field: string): Checked<string | undefined> {
  const value = body[field];
  if (value === undefined || value === null) return { ok: true, value: undefined };
  if (typeof value !== 'string') return fail(invalidInput(field, `must be a string, but got ${describe(value)}`));
  return { ok: true, value };
}

/** A list of role names: a non-empty array of non-empty strings, each one the org knows. */
export function roleList(value: unknown, isKnownRole: (role: string) => boolean): Checked<string[]> {
  if (!Array.isArray(value)) return fail(invalidInput('roles', `must be a list of role names, but got ${describe(value)}`));
  if (value.length === 0) return fail(invalidInput('roles', 'must name at least one role'));
  const roles: string[] = [];
  for (const role of value as unknown[]) {
    if (typeof role !== 'string' || role === '') return fail(invalidInput('roles', `must hold role names, but got ${describe(role)}`));
    if (!isKnownRole(role)) return fail(invalidInput('roles', `names an unknown role "${role.slice(0, 100)}"`));
    if (!roles.includes(role)) roles.push(role);
  }
  return { ok: true, value: roles };
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function fail<T>(response: SimResponse): Checked<T> {
  return { ok: false, response };
}

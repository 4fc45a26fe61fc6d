import { randomBytes, randomUUID } from 'node:crypto';
import { jsonResponse, type SimResponse } from '../sim-types.js';
import type { RocksetErrorModel, RocksetErrorType } from './wire.js';

/**
 * Rockset's error answer: an `ErrorModel` JSON body for every status (contracts/rockset README:
 * every operation declares 400–503 with `ErrorModel`). Fields the spec types as integers
 * (`line`, `column`) are left out rather than sent as null, and there is no `internal_errors`
 * (no spec version has it). `error_id` is only set on server-side failures.
 */
export function rocksetError(status: number, type: RocksetErrorType, message: string, headers: Record<string, string> = {}): SimResponse {
  const body: RocksetErrorModel = { message, type, trace_id: randomUUID() };
  if (status >= 500) body.error_id = randomBytes(8).toString('hex');
  return jsonResponse(status, body, headers);
}

const BY_STATUS: ReadonlyMap<number, { type: RocksetErrorType; message: string }> = new Map([
  [400, { type: 'BADREQUEST', message: 'Bad request.' }],
  [401, { type: 'AUTHEXCEPTION', message: 'Authentication failed.' }],
  [403, { type: 'FORBIDDEN', message: 'Access denied.' }],
  [404, { type: 'NOTFOUND', message: 'Not found.' }],
  [405, { type: 'METHODNOTALLOWED', message: 'Method not allowed.' }],
  [406, { type: 'NOTACCEPTABLE', message: 'Not acceptable.' }],
  [409, { type: 'ALREADYEXISTS', message: 'Conflict.' }],
  [413, { type: 'CONTENTTOOLARGE', message: 'Request body is too large.' }],
  [415, { type: 'UNSUPPORTEDMEDIATYPE', message: 'Unsupported media type.' }],
  [429, { type: 'RATELIMITEXCEEDED', message: 'Rate limit exceeded, please retry later.' }],
  [500, { type: 'INTERNALERROR', message: 'An internal error occurred. Please try again.' }],
  [501, { type: 'NOTIMPLEMENTEDYET', message: 'Not implemented.' }],
  [503, { type: 'SERVICEUNAVAILABLE', message: 'Service is temporarily unavailable, please retry later.' }],
]);

/**
 * The body for an injected status (fault injection). Statuses without a matching `type`
 * (408, 502, 504, ...) fall back to BADREQUEST for 4xx and INTERNALERROR for 5xx.
 */
export function rocksetErrorForStatus(status: number, retryAfterSeconds?: number): SimResponse {
  const known = BY_STATUS.get(status);
  const type = known?.type ?? (status >= 500 ? 'INTERNALERROR' : 'BADREQUEST');
  const message = known?.message ?? (status >= 500 ? 'An internal error occurred. Please try again.' : 'Bad request.');
  const headers: Record<string, string> = retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) };
  return rocksetError(status, type, message, headers);
}

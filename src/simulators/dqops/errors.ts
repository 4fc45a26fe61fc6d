import { randomBytes } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { SimResponse } from '../sim-types.js';

/**
 * Spring Security's default response headers. DQOps builds its `SecurityWebFilterChain` without
 * touching `headers()` (SecurityWebFilterChainBuilderImpl), and its own auth filter runs inside
 * that chain, so every answer carries them, the filter's 401 included.
 */
export const SPRING_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'cache-control': 'no-cache, no-store, max-age=0, must-revalidate',
  pragma: 'no-cache',
  expires: '0',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'x-xss-protection': '0',
  'referrer-policy': 'no-referrer',
};

/**
 * contracts/dqops README: every 4xx the controller or the auth filter produces has an empty
 * body and no content type (`ResponseEntity<>(Mono.empty(), status)`).
 */
export function emptyStatus(status: number, headers: Record<string, string> = {}): SimResponse {
  return { status, headers: { ...headers } };
}

/**
 * Spring Security's `HttpStatusServerAccessDeniedHandler`: DQOps authorizes `/**` with
 * `hasAuthority(view)` before any controller runs, so a caller whose account role is `none`
 * gets this text/plain "Access Denied", not the controllers' empty 403.
 */
export function accessDeniedByFilterChain(): SimResponse {
  return { status: 403, headers: { 'content-type': 'text/plain' }, body: 'Access Denied' };
}

export interface SpringErrorOptions {
  /** `message` as Spring Boot writes it: the exception's reason, or null when it has none. */
  message: string | null;
  /** The Java exception's class name, for the first line of `trace`. */
  exception: string;
  headers?: Record<string, string>;
}

let requestSeq = 0;
const connectionId = randomBytes(4).toString('hex');

/**
 * Spring Boot WebFlux's default error JSON (DefaultErrorAttributes), as the contracts/dqops README
 * infers it: `WRITE_DATES_AS_TIMESTAMPS: false` makes `timestamp` an ISO string (Jackson's
 * `+00:00` form) rather than the swagger's int64, `include-stacktrace: always` adds `trace`, and
 * there is a reactor-netty `requestId`; the swagger's `exception` field is not included by default.
 * The simulator's `trace` holds only the exception line: it has no Java stack to show.
 */
export function springError(status: number, path: string, options: SpringErrorOptions): SimResponse {
  const error = reasonPhrase(status);
  // Spring's ResponseStatusException family prints `415 UNSUPPORTED_MEDIA_TYPE "reason"`; other exceptions their message.
  const isResponseStatus = options.exception.startsWith('org.springframework.web.server.');
  const reason = options.message === null ? '' : ` "${options.message}"`;
  const firstLine = isResponseStatus ? `${options.exception}: ${status} ${enumName(error)}${reason}` : `${options.exception}: ${options.message ?? ''}`;
  const body = {
    timestamp: new Date().toISOString().replace('Z', '+00:00'),
    path,
    status,
    error,
    message: options.message,
    requestId: `${connectionId}-${++requestSeq}`,
    trace: `${firstLine}\n`,
  };
  return { status, headers: { 'content-type': 'application/json', ...options.headers }, body: JSON.stringify(body) };
}

/** Spring 6.0's `HttpStatus` reason phrases match Node's for every status this simulator sends (413 is still "Payload Too Large" there). */
export function reasonPhrase(status: number): string {
  return STATUS_CODES[status] ?? 'Unknown Status';
}

function enumName(phrase: string): string {
  return phrase.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}

/** The 500 of an exception the controller does not catch (Spring's default handler). */
export function uncaughtException(path: string, exception: string, message: string): SimResponse {
  return springError(500, path, { message, exception });
}

import type { IncomingHttpHeaders } from 'node:http';

import { VENDOR_NAMES, type Vendor } from '../vendors.js';

/** The vendors a simulator exists for, also its names on the command line: every vendor the gateway knows (one list, sources/vendors.ts). */
export const VENDORS = VENDOR_NAMES;
export type VendorName = Vendor;

/** One request as a vendor simulator sees it: the body is already read (and bounded). */
export interface SimRequest {
  readonly method: string;
  /** The path without the query string, exactly as sent (still percent-encoded). */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** Absolute URL of this request as the client addressed it (for Waldur's `Link` header). */
  readonly url: URL;
}

/** What a simulator answers. `body` is sent as is; use the helpers below for JSON. */
export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Who the vendor authenticated the request as, for the request log (never a credential). */
  actor?: string;
}

/**
 * A routed request: the route template names the operation in counters and logs
 * (`GET /api/users/{uuid}/`), and `respond` runs it. Routing never fails: an unknown path
 * gets the template `UNMATCHED` and a `respond` that gives the vendor's own 404.
 */
export interface RoutedRequest {
  route: string;
  respond(): SimResponse;
}

export const UNMATCHED_ROUTE = 'UNMATCHED';

/**
 * One vendor's in-memory server logic. The HTTP server, hooks, faults and logging
 * live in sim-server.ts; a vendor only routes, answers and dumps its state.
 */
export interface VendorSimulator {
  readonly vendor: VendorName;
  route(req: SimRequest): RoutedRequest;
  /** The vendor's answer to a request body over the size limit (`req.body` is empty then). */
  bodyTooLarge(req: SimRequest): SimResponse;
  /** The vendor's answer for an injected error status (5xx, 4xx) or a 429 with Retry-After. */
  errorResponse(req: SimRequest, status: number, retryAfterSeconds?: number): SimResponse;
  /** A JSON-able dump of everything the simulator holds, secrets included: it is a test hook. */
  state(): unknown;
  /** Messages the vendor would have emailed (Waldur email-change codes); empty for the others. */
  outbox(): unknown[];
  /** Back to the seed it was created with. */
  reset(): void;
}

export function jsonResponse(status: number, value: unknown, headers: Record<string, string> = {}): SimResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(value),
  };
}

export function emptyResponse(status: number, headers: Record<string, string> = {}): SimResponse {
  return { status, headers: { ...headers } };
}

/** The media type of a request body, lower-cased, without parameters; '' when absent. */
export function mediaType(req: SimRequest): string {
  const raw = req.headers['content-type'] ?? '';
  return (raw.split(';')[0] ?? '').trim().toLowerCase();
}

export type JsonBody = { ok: true; value: unknown } | { ok: false; reason: string };

/** Parses a JSON body; an empty body is `{ ok: false }` with the reason, never a throw. */
export function parseJsonBody(req: SimRequest): JsonBody {
  if (req.body.length === 0) return { ok: false, reason: 'empty body' };
  try {
    return { ok: true, value: JSON.parse(req.body.toString('utf8')) as unknown };
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : 'invalid JSON' };
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

import type { ErrorCode } from '../errors.js';

/** One try of an upstream call, as metrics see it: no credential, no body, no raw path. */
export interface UpstreamCallEvent {
  source: string;
  method: string;
  /** The path with values replaced (route-template.ts). */
  route: string;
  /** The HTTP status, or null when no answer came. */
  status: number | null;
  durationMs: number;
  /** Set when the try failed without an answer (or was refused by the breaker or bulkhead). */
  errorCode?: ErrorCode;
  /** A background health probe, not caller traffic. */
  probe?: boolean;
}

export type UpstreamObserver = (event: UpstreamCallEvent) => void;

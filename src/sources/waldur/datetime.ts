import { UpstreamError } from '../../errors.js';
import { parseIsoInstant } from '../kit/iso-instant.js';

/**
 * Reads a Waldur datetime; null and absent stay null. DRF writes aware datetimes as ISO 8601
 * (`2023-01-01T00:00:00Z`, `…00.123456Z`, or with an offset when TIME_ZONE is not UTC); a missing
 * offset is read as UTC (Waldur runs with USE_TZ in UTC), and a bare date is refused. Anything else
 * that is not a real instant (wrong grammar, 2023-02-30, 25:00) is UPSTREAM_BAD_RESPONSE naming the
 * field, not the value. Pure: no clock.
 */
export function toDate(value: string | null | undefined, field: string, source: string): Date | null {
  if (value === null || value === undefined) return null;
  const ms = parseIsoInstant(value);
  if (ms === undefined) {
    throw new UpstreamError('UPSTREAM_BAD_RESPONSE', `source "${source}" sent ${field} that is not an ISO 8601 datetime`, { source, retryable: false });
  }
  return new Date(ms);
}

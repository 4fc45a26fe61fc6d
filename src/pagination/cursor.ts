import { createHash } from 'node:crypto';
import { badUserInput } from '../errors.js';

/**
 * A page cursor: where the walk is in every source at once. `k` is the last key returned (sources
 * that list everything resume after it); `p` holds each paging source's own upstream offset, and
 * whether that source failed during the walk (`stale`: it then resumes by key, not by offset).
 * `f` ties the cursor to the list, filter and sources it was made for.
 */
export interface Cursor {
  f: string;
  k: string;
  p: Record<string, { o: number; stale?: true }>;
}

const VERSION = 1;

/** A short digest of what a cursor is valid for: the list kind, the filter and the source names. */
export function cursorScope(kind: 'users' | 'people', filter: object, sources: readonly string[]): string {
  const canonical = JSON.stringify([
    kind,
    Object.entries(filter)
      .filter(([, v]) => v !== undefined)
      .sort(),
    [...sources].sort(),
  ]);
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 16);
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify({ v: VERSION, ...cursor }), 'utf8').toString('base64url');
}

/** Decodes `after`; a cursor of another list, filter or source set, or any garbage, is BAD_USER_INPUT. */
export function decodeCursor(text: string, scope: string): Cursor {
  const garbage = () => badUserInput('after: not a cursor of this list (use pageInfo.endCursor or an edge cursor)', 'after');
  if (text.length > 4096 || !/^[A-Za-z0-9_-]*$/.test(text)) throw garbage();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw garbage();
  }
  if (!isCursorShape(value)) throw garbage();
  if (value.f !== scope) throw badUserInput('after: this cursor was made for a different filter or set of sources; start again without `after`', 'after');
  return { f: value.f, k: value.k, p: value.p };
}

function isCursorShape(value: unknown): value is Cursor & { v: number } {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  if (v['v'] !== VERSION || typeof v['f'] !== 'string' || typeof v['k'] !== 'string') return false;
  const p = v['p'];
  if (typeof p !== 'object' || p === null || Array.isArray(p)) return false;
  return Object.values(p).every((pos) => {
    if (typeof pos !== 'object' || pos === null) return false;
    const o = (pos as Record<string, unknown>)['o'];
    const stale = (pos as Record<string, unknown>)['stale'];
    return Number.isSafeInteger(o) && (o as number) >= 0 && (stale === undefined || stale === true);
  });
}

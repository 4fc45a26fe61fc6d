/**
 * Waldur's validation answers, read into one flat list (contracts/waldur README, "Error body
 * shapes"): a serializer's field map `{"field": ["msg"], "non_field_errors": [...]}`, a view's
 * bare array `["msg"]` (`ValidationError("text")`), `{"detail": "msg"}`
 * (`ValidationError({"detail": …})`), or a bare string.
 */

/** One message; `field` is Waldur's field name, null for a message about no one field. */
export interface DrfMessage {
  field: string | null;
  message: string;
}

/** Keys DRF uses for messages that belong to no field. */
const NON_FIELD_KEYS = new Set(['non_field_errors', 'detail']);

// A body is the vendor's, not ours: bound what is passed on.
const MAX_MESSAGES = 20;
const MAX_MESSAGE_LENGTH = 500;

/**
 * Every message of a DRF error body, in the body's order; undefined when the body holds no
 * message at all (`{}`, a number), which the caller treats as an unexpected answer. Nested
 * errors (a list field's per-item maps) are flattened onto their top-level field.
 */
export function readDrfMessages(body: unknown): DrfMessage[] | undefined {
  const out: DrfMessage[] = [];
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
    for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
      const field = NON_FIELD_KEYS.has(key) ? null : key;
      for (const message of stringsIn(value)) out.push({ field, message });
    }
  } else {
    for (const message of stringsIn(body)) out.push({ field: null, message });
  }
  return out.length === 0 ? undefined : out.slice(0, MAX_MESSAGES);
}

function stringsIn(value: unknown, depth = 0): string[] {
  if (typeof value === 'string') return value.trim() === '' ? [] : [clip(value)];
  if (depth > 3 || typeof value !== 'object' || value === null) return [];
  const items = Array.isArray(value) ? value : Object.values(value as Record<string, unknown>);
  return items.flatMap((item) => stringsIn(item, depth + 1));
}

function clip(message: string): string {
  return message.length <= MAX_MESSAGE_LENGTH ? message : `${message.slice(0, MAX_MESSAGE_LENGTH)}…`;
}

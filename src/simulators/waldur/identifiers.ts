import { randomBytes, randomUUID } from 'node:crypto';

// Identifiers Waldur hands out: uuids, token keys and user slugs.

/**
 * Python's `uuid.UUID(text)` as Waldur uses it (`is_uuid_like`, UUIDField lookups): it drops
 * `urn:`/`uuid:` and surrounding braces, removes every dash, and needs 32 hex digits.
 * Returns the canonical 32-digit lower-case form, or undefined when Python would raise.
 */
export function normalizeUuid(text: string): string | undefined {
  const hex = text
    .replace('urn:', '')
    .replace('uuid:', '')
    .replace(/^\{+|\}+$/g, '')
    .replace(/-/g, '');
  return /^[0-9a-fA-F]{32}$/.test(hex) ? hex.toLowerCase() : undefined;
}

export function isUuidLike(text: string): boolean {
  return normalizeUuid(text) !== undefined;
}

/** A new Waldur identifier as the API shows it (`uuid.hex`). */
export function newUuidHex(): string {
  return randomUUID().replace(/-/g, '');
}

/** A new DRF token key: 20 random bytes as 40 hex digits (`rest_framework.authtoken`). */
export function newTokenKey(): string {
  return randomBytes(20).toString('hex');
}

/**
 * `core.models.generate_slug` for users (slug source: username): Django's `slugify` cut to
 * 8 characters, then `-N` where N is one more than the largest numeric suffix among existing
 * slugs starting with that prefix. So `ada` → `ada-1`, `analyst01` → `analyst0-1`, `analyst02` → `analyst0-2`.
 */
export function generateSlug(username: string, existing: Iterable<string>): string {
  const base = slugify(username).slice(0, 8);
  let max = 0;
  for (const slug of existing) {
    if (!slug.startsWith(base)) continue;
    const tail = slug.split('-').pop() ?? '';
    if (/^\d+$/.test(tail)) max = Math.max(max, Number(tail));
  }
  return `${base}-${max + 1}`;
}

/** Django's `slugify` for ASCII input: drop what is not a word character, space or dash. */
function slugify(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^\w\s-]/g, '')
    .replace(/[-\s]+/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '');
}

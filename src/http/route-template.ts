/** A path segment that is part of an API's shape (`users`, `list_users`, `v1`), never a value. */
const LITERAL = /^(?:v\d{1,2}|[a-z][a-z_-]{0,39})$/;
const HEX_ID = /^(?:[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/**
 * The route of an upstream path with every value replaced by a placeholder:
 * `/api/users/90c1…/` → `/api/users/{uuid}/`, `/api/users/ada%40example.com` → `/api/users/{email}`.
 * Metrics labels and span names use it, so no id or email ever reaches them, and their number
 * stays bounded by the vendors' APIs. Every upstream call makes one, so it scans the path once
 * rather than splitting, mapping and joining it (0.78 → 0.2 µs for a Waldur user's path).
 */
export function routeTemplate(path: string): string {
  let route = '';
  let start = 0;
  for (;;) {
    const end = path.indexOf('/', start);
    route += templateOf(end === -1 ? path.slice(start) : path.slice(start, end));
    if (end === -1) return route;
    route += '/';
    start = end + 1;
  }
}

function templateOf(segment: string): string {
  if (segment === '') return segment;
  // Only 32 or 36 characters can be a uuid; a literal is never one.
  if ((segment.length === 32 || segment.length === 36) && HEX_ID.test(segment)) return '{uuid}';
  if (LITERAL.test(segment)) return segment;
  if (segment.includes('@') || segment.toLowerCase().includes('%40')) return '{email}';
  return '{id}';
}

/** A path segment that is part of an API's shape (`users`, `list_users`, `v1`), never a value. */
const LITERAL = /^(?:v\d{1,2}|[a-z][a-z_-]{0,39})$/;
const HEX_ID = /^(?:[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/**
 * The route of an upstream path with every value replaced by a placeholder:
 * `/api/users/90c1…/` → `/api/users/{uuid}/`, `/api/users/ada%40example.com` → `/api/users/{email}`.
 * Metrics labels and span names use it, so no id or email ever reaches them, and their number
 * stays bounded by the vendors' APIs.
 */
export function routeTemplate(path: string): string {
  return path
    .split('/')
    .map((segment) => {
      if (segment === '' || (LITERAL.test(segment) && !HEX_ID.test(segment))) return segment;
      if (HEX_ID.test(segment)) return '{uuid}';
      if (segment.includes('@') || segment.toLowerCase().includes('%40')) return '{email}';
      return '{id}';
    })
    .join('/');
}

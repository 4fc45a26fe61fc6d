import type { SimRequest, SimResponse } from './sim-types.js';

/** Parameters taken from `{name}` segments, percent-decoded. */
export type RouteParams = Readonly<Record<string, string>>;

export interface RouteDef<C> {
  method: string;
  /** A path template such as `/api/users/{uuid}/`; a literal segment beats a parameter. */
  pattern: string;
  handler(req: SimRequest, params: RouteParams, ctx: C): SimResponse;
}

interface CompiledRoute<C> extends RouteDef<C> {
  segments: string[];
  literalCount: number;
}

export type RouteMatch<C> =
  | { kind: 'found'; route: RouteDef<C>; params: RouteParams }
  | { kind: 'method-not-allowed'; allowed: string[]; pattern: string }
  | { kind: 'not-found' };

/**
 * A small path router. Literal segments win over parameters whatever the order the routes
 * were declared in, because the vendors overlap them: Waldur's `/api/users/me/` and
 * `/api/users/{uuid}/`, Rockset's `/users/self` and `/users/{user}`.
 */
export class Router<C> {
  readonly #routes: CompiledRoute<C>[] = [];

  add(method: string, pattern: string, handler: RouteDef<C>['handler']): this {
    const segments = pattern.split('/');
    this.#routes.push({
      method: method.toUpperCase(),
      pattern,
      handler,
      segments,
      literalCount: segments.filter((s) => !isParam(s)).length,
    });
    this.#routes.sort((a, b) => b.literalCount - a.literalCount);
    return this;
  }

  /**
   * The most specific pattern that fits the path decides, as in Django and most servers:
   * `PATCH /api/users/me/` is a 405 on the `me` route, not a PATCH of a user called "me".
   */
  match(method: string, path: string): RouteMatch<C> {
    const parts = path.split('/');
    let chosen: string | undefined;
    const allowed: string[] = [];
    for (const route of this.#routes) {
      if (chosen !== undefined && route.pattern !== chosen) continue;
      const params = matchSegments(route.segments, parts);
      if (params === undefined) continue;
      chosen = route.pattern;
      if (route.method === method.toUpperCase()) return { kind: 'found', route, params };
      allowed.push(route.method);
    }
    if (chosen !== undefined) return { kind: 'method-not-allowed', allowed, pattern: chosen };
    return { kind: 'not-found' };
  }
}

function isParam(segment: string): boolean {
  return segment.startsWith('{') && segment.endsWith('}');
}

function matchSegments(template: string[], parts: string[]): Record<string, string> | undefined {
  if (template.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, t] of template.entries()) {
    const p = parts[i] ?? '';
    if (isParam(t)) {
      if (p === '') return undefined;
      let decoded: string;
      try {
        decoded = decodeURIComponent(p);
      } catch {
        return undefined; // a malformed %-escape matches no route, so it gets the vendor's 404
      }
      params[t.slice(1, -1)] = decoded;
    } else if (t !== p) {
      return undefined;
    }
  }
  return params;
}

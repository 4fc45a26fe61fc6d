import { jsonResponse, type SimRequest, type SimResponse } from '../sim-types.js';
import { lastParam } from './context.js';
import { detail } from './errors.js';

const DEFAULT_PAGE_SIZE = 10;
const MAX_PAGE_SIZE = 300;

export type PageResult<T> = { ok: true; items: T[]; headers: Record<string, string> } | { ok: false; response: SimResponse };

/**
 * Waldur's `LinkHeaderPagination` (core/pagination.py) over DRF's PageNumberPagination:
 *  - `page_size` defaults to 10; above 300 it is cut to 300; zero, negative or not a number
 *    falls back to 10;
 *  - `page` is a number or `last`; anything else, or a page past the end, is 404 "Invalid page.";
 *  - headers `X-Result-Count` and `Link` with `first` and `last` always (`first`, and `last`
 *    of a one-page list, drop the `page` parameter), `prev` and `next` where they exist;
 *    each URL is the request's own with `page` changed and the parameters sorted by name.
 */
export function paginate<T>(req: SimRequest, items: T[]): PageResult<T> {
  const size = pageSize(req.query);
  const pages = Math.max(1, Math.ceil(items.length / size));
  const raw = lastParam(req.query, 'page') ?? '1';
  const number = raw === 'last' ? pages : /^\s*[+-]?\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(number) || number < 1 || number > pages) {
    return { ok: false, response: detail(404, 'Invalid page.') };
  }
  const link = (page: number | null): string => pageUrl(req.url, page);
  const links: [string, string][] = [['first', link(null)]];
  if (number > 1) links.push(['prev', link(number - 1 === 1 ? null : number - 1)]);
  if (number < pages) links.push(['next', link(number + 1)]);
  links.push(['last', link(pages === 1 ? null : pages)]);
  return {
    ok: true,
    items: items.slice((number - 1) * size, number * size),
    headers: {
      'x-result-count': String(items.length),
      link: links.map(([rel, url]) => `<${url}>; rel="${rel}"`).join(', '),
    },
  };
}

/** A paginated list response: the page as a bare JSON array plus the headers. */
export function pagedResponse<T>(req: SimRequest, items: T[], render: (page: T[]) => unknown[]): SimResponse {
  const page = paginate(req, items);
  if (!page.ok) return page.response;
  return jsonResponse(200, render(page.items), page.headers);
}

/**
 * `HEAD` on a list (Waldur's count action): the count header and no body. DRF drops
 * `Content-Type` when the rendered body is empty.
 */
export function countResponse(count: number): SimResponse {
  return { status: 200, headers: { 'x-result-count': String(count) } };
}

function pageSize(query: URLSearchParams): number {
  const raw = lastParam(query, 'page_size');
  if (raw === undefined || !/^\s*[+-]?\d+\s*$/.test(raw)) return DEFAULT_PAGE_SIZE;
  const n = Number(raw);
  return n <= 0 ? DEFAULT_PAGE_SIZE : Math.min(n, MAX_PAGE_SIZE);
}

/**
 * DRF's `replace_query_param` / `remove_query_param`: `parse_qs`, set or drop `page`, then
 * `urlencode(sorted(...))`, so the parameters come out sorted by name.
 */
function pageUrl(url: URL, page: number | null): string {
  const grouped = new Map<string, string[]>();
  for (const [k, v] of url.searchParams) if (k !== 'page') grouped.set(k, [...(grouped.get(k) ?? []), v]);
  if (page !== null) grouped.set('page', [String(page)]);
  const params = new URLSearchParams();
  for (const [key, values] of [...grouped].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) for (const v of values) params.append(key, v);
  const query = params.toString();
  return `${url.origin}${url.pathname}${query === '' ? '' : `?${query}`}`;
}

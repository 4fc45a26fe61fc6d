/** The parts of a request's URL the handler reads (and admission writes: the search parameters). */
export type RequestUrl = Pick<URL, 'pathname' | 'search' | 'searchParams'>;

/** A plain path (letters, digits, `/`, `-`, `_`; no dot segment, `//`, escape or query), which the URL parser leaves as it is. */
// Each repeated segment must end in `/`: no two ways to split a run of letters, so no backtracking blow-up.
const PLAIN_PATH = /^\/(?:[A-Za-z0-9_-]+\/)*(?:[A-Za-z0-9_-]+)?$/;

/** A plain path's URL: what `new URL` would give for these three parts, its search parameters made only when asked for. */
class PlainUrl implements RequestUrl {
  readonly pathname: string;
  #params: URLSearchParams | undefined;

  constructor(pathname: string) {
    this.pathname = pathname;
  }

  get searchParams(): URLSearchParams {
    this.#params ??= new URLSearchParams();
    return this.#params;
  }

  get search(): string {
    const query = this.#params?.toString();
    return query ? `?${query}` : '';
  }
}

/**
 * The request's URL. `POST /graphql` has neither a query nor anything to normalize, and `new URL`
 * cost more than the rest of the routing: such a path is taken as it is.
 */
export function requestUrl(raw: string | undefined): RequestUrl {
  if (raw === undefined || !PLAIN_PATH.test(raw)) return new URL(raw ?? '/', 'http://gateway.invalid');
  return new PlainUrl(raw);
}

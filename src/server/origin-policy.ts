import type { IncomingMessage } from 'node:http';

/** Where Apollo Sandbox runs: its own site, and the iframe the embedded landing page loads. */
export const SANDBOX_ORIGINS = ['https://studio.apollographql.com', 'https://sandbox.embed.apollographql.com'];

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** Whether `host` (a listen address) is on loopback. */
export function isLoopback(host: string): boolean {
  return LOOPBACK_HOSTS.has(host.toLowerCase()) || /^127\.\d+\.\d+\.\d+$/.test(host) || host.toLowerCase().endsWith('.localhost');
}

/** The host name of a Host header, lower-cased, without the port; '' when absent or unparseable. */
export function hostName(hostHeader: string | undefined): string {
  if (!hostHeader) return '';
  try {
    return new URL(`http://${hostHeader}`).hostname.toLowerCase();
  } catch {
    return '';
  }
}

export interface OriginPolicyOptions {
  /** The address the gateway listens on. */
  listenHost: string;
  /** `server.allowedHosts`; empty: any host, or only loopback names while listening on loopback. */
  allowedHosts: readonly string[];
  /** `server.cors.origins`, plus Sandbox's origins while the Sandbox is on. */
  corsOrigins: readonly string[];
  /** Request headers besides the standard ones that browsers may send (forward-credential headers). */
  extraAllowedHeaders?: readonly string[];
}

const ALLOWED_HEADERS = [
  'content-type',
  'authorization',
  'x-api-key',
  'apollo-require-preflight',
  'graphql-require-preflight',
  'x-apollo-operation-name',
  'x-request-id',
];

/**
 * Which hosts and browser origins may reach the gateway. The host check keeps a page on another
 * site from reaching a gateway on 127.0.0.1 through DNS rebinding; the origin check keeps every
 * page not on the allowlist from calling it at all, even with requests a browser sends without a
 * preflight (those cannot carry our Authorization header, and Apollo's CSRF prevention refuses
 * them too: three locks, not one).
 */
export class OriginPolicy {
  readonly #allowedHosts: ReadonlySet<string> | 'loopback' | 'any';
  readonly #origins: ReadonlySet<string>;
  #lastHost: string | undefined;
  #lastHostAllowed = false;
  readonly #allowHeaders: string;

  constructor(options: OriginPolicyOptions) {
    this.#allowHeaders = [...new Set([...ALLOWED_HEADERS, ...(options.extraAllowedHeaders ?? [])])].join(', ');
    this.#allowedHosts = options.allowedHosts.length > 0 ? new Set(options.allowedHosts) : isLoopback(options.listenHost) ? 'loopback' : 'any';
    this.#origins = new Set(options.corsOrigins.map((o) => o.toLowerCase()));
  }

  hostAllowed(req: IncomingMessage): boolean {
    if (this.#allowedHosts === 'any') return true;
    const host = req.headers.host;
    // A client sends the same Host on every request: the last answer is kept (one entry, so no
    // Host header an attacker makes up can grow it), sparing a URL parse per request.
    if (host !== undefined && host === this.#lastHost) return this.#lastHostAllowed;
    const name = hostName(host);
    const allowed = this.#allowedHosts === 'loopback' ? isLoopback(name) : this.#allowedHosts.has(name);
    if (host !== undefined) {
      this.#lastHost = host;
      this.#lastHostAllowed = allowed;
    }
    return allowed;
  }

  /** True for a request without Origin (not from a browser page), a same-origin one, or an allowlisted one. */
  originAllowed(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    if (origin === undefined) return true;
    return this.#origins.has(origin.toLowerCase()) || isSameOrigin(origin, req.headers.host);
  }

  /** CORS headers for an allowed cross-origin request; nothing for the rest (no Origin is ever echoed unchecked). */
  corsHeaders(req: IncomingMessage): Record<string, string> {
    const origin = req.headers.origin;
    if (origin === undefined || !this.#origins.has(origin.toLowerCase())) return {};
    return {
      'access-control-allow-origin': origin,
      vary: 'Origin',
      'access-control-allow-methods': 'GET, POST, OPTIONS',
      'access-control-allow-headers': this.#allowHeaders,
      'access-control-max-age': '600',
    };
  }
}

function isSameOrigin(origin: string, host: string | undefined): boolean {
  try {
    return host !== undefined && new URL(origin).host.toLowerCase() === host.toLowerCase();
  } catch {
    return false;
  }
}

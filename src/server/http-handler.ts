import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ApolloServer, HeaderMap } from '@apollo/server';
import type { GatewayContext } from '../context.js';
import type { Authenticator, AuthOutcome } from './auth/authenticator.js';
import type { Principal } from './auth/principal.js';
import type { OriginPolicy } from './origin-policy.js';
import type { RequestHeaders } from './request-headers.js';

export interface HttpHandlerOptions {
  apollo: ApolloServer<GatewayContext>;
  context: (headers: RequestHeaders, principal: Principal | null) => Promise<GatewayContext>;
  authenticator: Authenticator;
  origins: OriginPolicy;
  maxBodyBytes: number;
  /** The path GraphQL is served on. */
  graphqlPath?: string;
}

/** What WWW-Authenticate says (RFC 6750): a realm, and `invalid_token` when a credential was presented. */
const CHALLENGE = 'Bearer realm="usergraph"';

/**
 * The gateway's HTTP surface on plain node:http. In order: the Host check, the Origin allowlist
 * (CORS), `/healthz`, then for GraphQL operations the caller's credential (before the body is
 * read), the bounded body, and Apollo's `executeHTTPGraphQLRequest`. A refused request never
 * reaches the schema, so it makes no upstream call.
 */
export function createHttpHandler(options: HttpHandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const graphqlPath = options.graphqlPath ?? '/graphql';
  return (req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, graphqlError('Internal server error', 'INTERNAL_SERVER_ERROR'));
      else res.end();
    });
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://gateway.invalid');
    if (url.pathname === '/healthz') {
      sendJson(res, 200, { status: 'ok' });
      return;
    }
    if (!options.origins.hostAllowed(req)) {
      refuse(req, res, 403, graphqlError('this gateway does not answer to that Host name (server.allowedHosts)', 'FORBIDDEN'));
      return;
    }
    if (!options.origins.originAllowed(req)) {
      refuse(req, res, 403, graphqlError('requests from this Origin are not allowed (server.cors.origins)', 'FORBIDDEN'));
      return;
    }
    for (const [key, value] of Object.entries(options.origins.corsHeaders(req))) res.setHeader(key, value);
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    if (url.pathname === '/' && req.method === 'GET') {
      res.writeHead(302, { location: graphqlPath }).end();
      return;
    }
    if (url.pathname !== graphqlPath) {
      refuse(req, res, 404, { error: `no such path: ${url.pathname}; GraphQL is served at ${graphqlPath}` });
      return;
    }

    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const plainHeaders: Record<string, string> = Object.fromEntries(headers);
    // A GET without an operation is the landing page (or Apollo's own 400): nothing executes, so no credential is needed.
    const executes = req.method !== 'GET' || url.searchParams.has('query') || url.searchParams.has('extensions');
    let principal: Principal | null = null;
    if (executes) {
      const auth = await options.authenticator.authenticate(plainHeaders, req.socket.remoteAddress ?? 'unknown');
      if (auth.kind !== 'ok') {
        refuseAuth(req, res, auth);
        return;
      }
      principal = auth.principal;
    }

    const raw = await readBounded(req, options.maxBodyBytes);
    if (raw === 'too-large') {
      sendJson(res, 413, graphqlError(`request body is larger than ${options.maxBodyBytes} bytes`, 'BAD_REQUEST'), { connection: 'close' });
      return;
    }
    let body: unknown = raw.length > 0 ? raw.toString('utf8') : undefined;
    if (raw.length > 0 && (headers.get('content-type') ?? '').toLowerCase().includes('json')) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        sendJson(res, 400, graphqlError('request body is not valid JSON', 'BAD_REQUEST'));
        return;
      }
    }

    const result = await options.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: (req.method ?? 'GET').toUpperCase(), headers, search: url.search, body },
      context: () => options.context(plainHeaders, principal),
    });
    for (const [key, value] of result.headers) res.setHeader(key, value);
    res.statusCode = result.status ?? 200;
    if (result.body.kind === 'complete') {
      res.end(result.body.string);
      return;
    }
    for await (const chunk of result.body.asyncIterator) res.write(chunk);
    res.end();
  }
}

/** The answer to a request whose caller is not let in. The body never says which check failed or whether a key exists. */
function refuseAuth(req: IncomingMessage, res: ServerResponse, auth: Exclude<AuthOutcome, { kind: 'ok' }>): void {
  switch (auth.kind) {
    case 'missing':
      refuse(req, res, 401, graphqlError('authentication required: send Authorization: Bearer <API key or JWT>', 'UNAUTHENTICATED'), {
        'www-authenticate': CHALLENGE,
      });
      return;
    case 'invalid':
      refuse(req, res, 401, graphqlError('invalid or expired credentials', 'UNAUTHENTICATED'), {
        'www-authenticate': `${CHALLENGE}, error="invalid_token"`,
      });
      return;
    case 'no-role':
      refuse(req, res, 403, graphqlError('your credentials grant no usergraph role', 'FORBIDDEN'));
      return;
    case 'throttled':
      refuse(req, res, 429, graphqlError(`too many failed authentications from your address; try again in ${auth.retryAfterSec} s`, 'RATE_LIMITED'), {
        'retry-after': String(auth.retryAfterSec),
      });
      return;
  }
}

/** Answers without reading the body; the rest of it is drained so the connection stays usable. */
function refuse(req: IncomingMessage, res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  req.resume();
  sendJson(res, status, value, headers);
}

function readBounded(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > limit) {
      req.resume();
      resolve('too-large');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        resolve('too-large');
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function graphqlError(message: string, code: string): unknown {
  return { errors: [{ message, extensions: { code } }] };
}

function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

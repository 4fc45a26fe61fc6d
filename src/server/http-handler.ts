import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ApolloServer, HeaderMap } from '@apollo/server';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { GraphQLSchema } from 'graphql';
import type { GatewayConfig } from '../config/config-schema.js';
import type { GatewayContext, RequestOrigin } from '../context.js';
import type { Authenticator, AuthOutcome } from './auth/authenticator.js';
import type { Principal } from './auth/principal.js';
import { GRAPHIQL_ASSET_PREFIX, graphiqlAsset, graphiqlPage } from './landing/graphiql.js';
import { checkBatch } from './limits/batch-check.js';
import { bucketOf, type RateLimiter, rateKeyOf } from './limits/rate-limiter.js';
import type { Logger } from './logger.js';
import type { OriginPolicy } from './origin-policy.js';
import type { Readiness } from './readiness.js';
import type { GatewayMetrics, OperationOutcome } from './telemetry/metrics.js';
import type { OperationBody, TrustedDocuments } from './trusted-documents.js';

export interface HttpHandlerOptions {
  apollo: ApolloServer<GatewayContext>;
  schema: GraphQLSchema;
  server: GatewayConfig['server'];
  context: (origin: RequestOrigin) => Promise<GatewayContext>;
  authenticator: Authenticator;
  origins: OriginPolicy;
  rateLimiter: RateLimiter;
  trustedDocuments: TrustedDocuments | undefined;
  /** `/readyz`: whether the sources the gateway needs are up. */
  readiness: () => Promise<Readiness>;
  metrics: GatewayMetrics;
  /** Serve `/metrics` on this listener too (false when `server.metrics.port` gives it one of its own). */
  serveMetrics: boolean;
  logger: Logger;
  /** Headers GraphiQL starts with (the demo's key), when `landingPage` is graphiql. */
  landingPageHeaders?: Record<string, string> | undefined;
  /** The path GraphQL is served on. */
  graphqlPath?: string;
}

/** What the request log needs, gathered as the request goes. */
interface RequestRecord {
  id: string;
  started: number;
  principal: Principal | null;
  context: GatewayContext | undefined;
  /** The code of a refusal made before Apollo saw the request. */
  refusal: string | undefined;
}

/** An `x-request-id` we pass on: short, and nothing a log line could be forged with. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const tracer = trace.getTracer('usergraph');

type Refusal = { status: number; code: string; message: string; headers?: Record<string, string> };

/** What WWW-Authenticate says (RFC 6750): a realm, and `invalid_token` when a credential was presented. */
const CHALLENGE = 'Bearer realm="usergraph"';

/**
 * The gateway's HTTP surface on plain node:http. In order: `/healthz`, `/metrics` and `/readyz`
 * (no credential, for probes and scrapers), the Host check, the Origin allowlist (CORS), the
 * GraphiQL page and assets, then for GraphQL operations the caller's credential (before the body
 * is read), the bounded body, the request rate, trusted documents and batch rules, and Apollo's
 * `executeHTTPGraphQLRequest`. A refused request never reaches the schema, so it makes no upstream call.
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
    if (url.pathname === '/metrics' && options.serveMetrics) {
      await sendMetrics(res, options.metrics);
      return;
    }
    if (url.pathname === '/readyz') {
      const ready = await options.readiness();
      sendJson(res, ready.ready ? 200 : 503, { status: ready.ready ? 'ready' : 'not ready', sources: ready.sources });
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
    if (req.method === 'GET' && url.pathname.startsWith(GRAPHIQL_ASSET_PREFIX) && options.server.landingPage === 'graphiql') {
      const asset = graphiqlAsset(url.pathname.slice(GRAPHIQL_ASSET_PREFIX.length));
      if (!asset) refuse(req, res, 404, { error: 'no such asset' });
      else res.writeHead(200, { 'content-type': asset.type, 'content-length': asset.body.length, 'cache-control': 'public, max-age=86400' }).end(asset.body);
      return;
    }
    if (req.method === 'GET' && url.pathname === graphqlPath && options.server.landingPage === 'graphiql' && wantsHtml(req, url)) {
      const page = graphiqlPage(graphqlPath, options.landingPageHeaders);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(page) }).end(page);
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
    await observed(req, res, url);
  }

  /**
   * A GraphQL request with what operators see of it: the `x-request-id` (the caller's when valid,
   * else a new one) echoed back, a server span continuing the caller's `traceparent`, the
   * in-flight gauge, one request-log line and the operation metrics. Never the query or variables.
   */
  async function observed(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const incoming = req.headers['x-request-id'];
    const record: RequestRecord = {
      id: typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID(),
      started: performance.now(),
      principal: null,
      context: undefined,
      refusal: undefined,
    };
    res.setHeader('x-request-id', record.id);
    const parent = propagation.extract(ROOT_CONTEXT, req.headers);
    const span = tracer.startSpan(
      'graphql.request',
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method ?? 'GET', 'url.path': url.pathname } },
      parent,
    );
    options.metrics.inFlight.inc();
    try {
      await context.with(trace.setSpan(parent, span), () => serveGraphQL(req, res, url, record));
    } finally {
      options.metrics.inFlight.dec();
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
      report(record, res.statusCode);
    }
  }

  function report(record: RequestRecord, status: number): void {
    const seconds = (performance.now() - record.started) / 1000;
    const r = record.context?.report;
    const errorCodes = record.refusal ? [record.refusal] : [...(r?.errorCodes ?? [])];
    const outcome = outcomeOf(record.refusal !== undefined || (status >= 400 && !r?.hasData), status, errorCodes.length > 0, r?.hasData === true);
    const type = r?.operationType ?? 'unknown';
    options.metrics.observeOperation(r?.operationName ?? null, type, outcome, seconds);
    options.logger.info(
      {
        request: {
          id: record.id,
          operation: r?.operationName?.slice(0, 100) ?? null,
          type,
          status,
          outcome,
          durationMs: Math.round(seconds * 10_000) / 10,
          caller: record.principal?.id ?? null,
          upstreamCalls: record.context?.stats.toJSON().calls ?? 0,
          errorCodes,
        },
      },
      'request',
    );
  }

  async function serveGraphQL(req: IncomingMessage, res: ServerResponse, url: URL, record: RequestRecord): Promise<void> {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const plainHeaders: Record<string, string> = Object.fromEntries(headers);
    const client = req.socket.remoteAddress ?? 'unknown';
    // A GET without an operation is the landing page (or Apollo's own 400): nothing executes, so no credential is needed.
    const executes = req.method !== 'GET' || operationInQuery(url);
    let principal: Principal | null = null;
    if (executes) {
      const auth = await options.authenticator.authenticate(plainHeaders, client);
      if (auth.kind !== 'ok') {
        record.refusal = auth.kind === 'throttled' ? 'RATE_LIMITED' : auth.kind === 'no-role' ? 'FORBIDDEN' : 'UNAUTHENTICATED';
        refuseAuth(req, res, auth);
        return;
      }
      principal = auth.principal;
      record.principal = principal;
    }

    const maxBodyBytes = options.server.maxBodyBytes;
    const raw = await readBounded(req, maxBodyBytes);
    if (raw === 'too-large') {
      record.refusal = 'BODY_TOO_LARGE';
      sendJson(res, 413, graphqlError(`request body is larger than ${maxBodyBytes} bytes`, 'BAD_REQUEST'), { connection: 'close' });
      return;
    }
    let body: unknown = raw.length > 0 ? raw.toString('utf8') : undefined;
    if (raw.length > 0 && (headers.get('content-type') ?? '').toLowerCase().includes('json')) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        record.refusal = 'BAD_REQUEST';
        sendJson(res, 400, graphqlError('request body is not valid JSON', 'BAD_REQUEST'));
        return;
      }
    }
    if (executes && principal) {
      const checked = admit(body, url, principal, client);
      if ('status' in checked) {
        record.refusal = checked.code;
        sendJson(res, checked.status, graphqlError(checked.message, checked.code), checked.headers);
        return;
      }
      body = checked.body;
    }

    const result = await options.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: (req.method ?? 'GET').toUpperCase(), headers, search: url.search, body },
      context: async () => {
        record.context = await options.context({ headers: plainHeaders, principal, client });
        return record.context;
      },
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

  /**
   * What a caller's operations must pass before Apollo sees them: its request rate, the batch
   * rules, and the trusted documents (which may swap an id for its document). For GET, the
   * operation in the query string is checked and written back.
   */
  function admit(body: unknown, url: URL, principal: Principal, client: string): Refusal | { body: unknown } {
    const isGet = operationInQuery(url);
    const operations: unknown[] = Array.isArray(body) ? body : [isGet && body === undefined ? fromSearch(url) : body];
    const rates = options.server.rateLimits;
    if (rates.enabled) {
      const rateKey = rateKeyOf(principal, client);
      const bucket = bucketOf(rates, principal);
      for (let i = 0; i < operations.length; i++) {
        const wait = options.rateLimiter.takeRequest(rateKey, bucket);
        if (wait > 0) {
          const message = `RATE_LIMITED: more than ${bucket.requestsPerMinute} requests per minute; try again in ${wait} s`;
          return { status: 429, code: 'RATE_LIMITED', message, headers: { 'retry-after': String(wait) } };
        }
      }
    }
    let admitted = operations;
    if (options.trustedDocuments) {
      const trusted = options.trustedDocuments;
      admitted = [];
      for (const op of operations) {
        if (op === null || typeof op !== 'object' || Array.isArray(op)) {
          admitted.push(op);
          continue;
        }
        const outcome = trusted.resolve(op as OperationBody, principal);
        if (!outcome.ok) return { status: 400, code: outcome.code, message: `${outcome.code}: ${outcome.message}` };
        admitted.push(outcome.body);
      }
    }
    if (Array.isArray(body)) {
      const refusal = checkBatch(admitted, options.schema, options.server);
      return refusal ? { status: 400, code: refusal.code, message: `${refusal.code}: ${refusal.message}` } : { body: admitted };
    }
    if (isGet && body === undefined) {
      toSearch(url, admitted[0]);
      return { body };
    }
    return { body: admitted[0] };
  }
}

/** A GET operation's fields from the query string. */
function fromSearch(url: URL): OperationBody {
  const op: OperationBody = {};
  for (const key of ['query', 'operationName', 'documentId']) {
    const value = url.searchParams.get(key);
    if (value !== null) op[key] = value;
  }
  const extensions = url.searchParams.get('extensions');
  if (extensions !== null) {
    try {
      op['extensions'] = JSON.parse(extensions);
    } catch {
      // Apollo answers a malformed `extensions` itself.
    }
  }
  return op;
}

/** Writes an admitted GET operation back into the query string Apollo reads. */
function toSearch(url: URL, op: unknown): void {
  if (op === null || typeof op !== 'object') return;
  const fields = op as OperationBody;
  url.searchParams.delete('documentId');
  if (typeof fields['query'] === 'string') url.searchParams.set('query', fields['query']);
  if (fields['extensions'] === undefined) url.searchParams.delete('extensions');
  else url.searchParams.set('extensions', JSON.stringify(fields['extensions']));
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

/** What metrics call a request: refused before it ran, failed outright, answered in part, or answered. */
function outcomeOf(refused: boolean, status: number, hasErrors: boolean, hasData: boolean): OperationOutcome {
  if (refused) return status >= 500 ? 'error' : 'refused';
  if (!hasErrors) return 'success';
  return hasData ? 'partial' : 'error';
}

/** A GET that carries an operation (as text, a trusted-document id or APQ extensions), not a page request. */
function operationInQuery(url: URL): boolean {
  return url.searchParams.has('query') || url.searchParams.has('documentId') || url.searchParams.has('extensions');
}

/** A browser asking for a page, not an operation. */
function wantsHtml(req: IncomingMessage, url: URL): boolean {
  return (req.headers.accept ?? '').includes('text/html') && !url.searchParams.has('query') && !url.searchParams.has('documentId');
}

async function sendMetrics(res: ServerResponse, metrics: GatewayMetrics): Promise<void> {
  const text = await metrics.registry.metrics();
  res.writeHead(200, { 'content-type': metrics.registry.contentType, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function graphqlError(message: string, code: string): unknown {
  return { errors: [{ message, extensions: { code } }] };
}

function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BlockList } from 'node:net';
import { type ApolloServer, HeaderMap, type HTTPGraphQLResponse } from '@apollo/server';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { GraphQLSchema } from 'graphql';
import type { GatewayConfig } from '../config/config-schema.js';
import type { GatewayContext, RequestOrigin } from '../context.js';
import { tracingActive } from '../http/tracing-active.js';
import type { Principal } from '../request/principal.js';
import type { StateStore } from '../state/state-store.js';
import type { Authenticator } from './auth/authenticator.js';
import type { DirectExecution } from './direct/direct-execution.js';
import { admit, operationInQuery } from './http/admission.js';
import { clientAddress } from './http/client-address.js';
import { isMutation, withIdempotency } from './http/idempotency.js';
import { servePage, serveProbe } from './http/pages.js';
import { type RequestRecord, reportRequest } from './http/request-log.js';
import { type RequestUrl, requestUrl } from './http/request-url.js';
import { graphqlError, readOperationBody, refuse, refuseAuth, sendJson, unsupportedCharset } from './http/respond.js';
import { withGraphiqlLink } from './landing/graphiql.js';
import type { RateLimiter } from './limits/rate-limiter.js';
import type { Logger } from './logger.js';
import type { OriginPolicy } from './origin-policy.js';
import type { Readiness } from './readiness.js';
import type { GatewayMetrics } from './telemetry/metrics.js';
import type { TrustedDocuments } from './trusted-documents.js';

export interface HttpHandlerOptions {
  apollo: ApolloServer<GatewayContext>;
  /** Runs the queries Apollo has already validated without its pipeline (direct-execution.ts); absent: all go to Apollo. */
  direct?: DirectExecution | undefined;
  schema: GraphQLSchema;
  server: GatewayConfig['server'];
  /** The request's context (made synchronously: a request answered from memory waits for nothing). */
  context: (origin: RequestOrigin) => GatewayContext;
  authenticator: Authenticator;
  origins: OriginPolicy;
  rateLimiter: RateLimiter;
  /** Where Idempotency-Key answers are kept (with Redis, across replicas). */
  state: StateStore;
  /** Peers whose X-Forwarded-For is believed (server.trustedProxies). */
  trustedProxies: BlockList | undefined;
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

/** An `x-request-id` we pass on: short, and nothing a log line could be forged with. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const tracer = trace.getTracer('usergraph');

/**
 * The gateway's HTTP surface on plain node:http. In order: `/healthz`, `/metrics` and `/readyz`
 * (no credential, for probes and scrapers), the Host check, the Origin allowlist (CORS), the
 * GraphiQL page and assets, then for GraphQL operations the caller's credential (before the body
 * is read), the bounded body, the request rate, trusted documents and batch rules, then direct
 * execution for a query Apollo has already validated (direct-execution.ts), else Apollo's
 * `executeHTTPGraphQLRequest`. A refused request never reaches the schema, so it makes no upstream call.
 */
export function createHttpHandler(options: HttpHandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const graphqlPath = options.graphqlPath ?? '/graphql';
  // The request line has fixed fields (request-log.ts), none a secret; the operation name is the one
  // text a caller chooses, and redaction by key could not censor it anyway. pino's redaction walk
  // cost three times the line itself (16 µs against 5), so this line skips it.
  const requestLog = { metrics: options.metrics, logger: options.logger.child({}, { redact: [] }) };
  return (req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, graphqlError('Internal server error', 'INTERNAL_SERVER_ERROR'));
      else res.end();
    });
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = requestUrl(req.url);
    const probe = serveProbe(options, url.pathname, res);
    if (probe) return probe;
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
    if (servePage(options, graphqlPath, req, url, res)) return;
    if (url.pathname !== graphqlPath) {
      refuse(req, res, 404, { error: `no such path: ${url.pathname}; GraphQL is served at ${graphqlPath}` });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'POST') {
      refuse(req, res, 405, graphqlError(`${req.method ?? 'this method'} is not a GraphQL request: use GET or POST`, 'BAD_REQUEST'), { allow: 'GET, POST' });
      return;
    }
    const charset = unsupportedCharset(req.headers['content-type']);
    if (charset !== undefined) {
      refuse(req, res, 415, graphqlError(`the body must be UTF-8, not ${charset.slice(0, 40)}`, 'BAD_REQUEST'));
      return;
    }
    await observed(req, res, url);
  }

  /**
   * A GraphQL request with what operators see of it: the `x-request-id` (the caller's when valid,
   * else a new one) echoed back, a server span continuing the caller's `traceparent`, the
   * in-flight gauge, one request-log line and the operation metrics. Never the query or variables.
   */
  async function observed(req: IncomingMessage, res: ServerResponse, url: RequestUrl): Promise<void> {
    const incoming = req.headers['x-request-id'];
    const record: RequestRecord = {
      id: typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID(),
      started: performance.now(),
      principal: null,
      context: undefined,
      refusal: undefined,
    };
    res.setHeader('x-request-id', record.id);
    // Without a tracer provider the span would be a no-op: not made at all (tracing-active.ts).
    const parent = tracingActive() ? propagation.extract(ROOT_CONTEXT, req.headers) : undefined;
    const span = parent
      ? tracer.startSpan(
          'graphql.request',
          { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method ?? 'GET', 'url.path': url.pathname } },
          parent,
        )
      : undefined;
    options.metrics.inFlight.inc();
    try {
      if (parent && span) await context.with(trace.setSpan(parent, span), () => serveGraphQL(req, res, url, record));
      else await serveGraphQL(req, res, url, record);
    } finally {
      options.metrics.inFlight.dec();
      record.context?.end();
      if (span) {
        span.setAttribute('http.response.status_code', res.statusCode);
        if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      }
      reportRequest(requestLog, record, res.statusCode);
    }
  }

  async function serveGraphQL(req: IncomingMessage, res: ServerResponse, url: RequestUrl, record: RequestRecord): Promise<void> {
    const plainHeaders = plainHeadersOf(req);
    const client = clientAddress(req, options.trustedProxies);
    // A GET without an operation is the landing page (or Apollo's own 400): nothing executes, so no credential is needed.
    const executes = req.method !== 'GET' || operationInQuery(url);
    let principal: Principal | null = null;
    if (executes) {
      const authenticated = options.authenticator.authenticate(plainHeaders, client);
      const auth = authenticated instanceof Promise ? await authenticated : authenticated;
      if (auth.kind !== 'ok') {
        // The failure limiter's 429 is told apart from the request-rate one in the metrics.
        record.refusal = auth.kind === 'throttled' ? 'AUTH_THROTTLED' : auth.kind === 'no-role' ? 'FORBIDDEN' : 'UNAUTHENTICATED';
        options.metrics.authFailed(auth.kind === 'no-role' ? 'no_role' : auth.kind);
        refuseAuth(req, res, auth);
        return;
      }
      principal = auth.principal;
      record.principal = principal;
    }

    const read = await readOperationBody(req, plainHeaders['content-type'], options.server.maxBodyBytes);
    if ('status' in read) {
      // The answer says BAD_REQUEST either way; logs and metrics tell a body too large apart.
      record.refusal = read.status === 413 ? 'BODY_TOO_LARGE' : read.code;
      sendJson(res, read.status, graphqlError(read.message, read.code), read.headers);
      return;
    }
    let body = read.body;
    if (executes && principal) {
      const checked = await admit(options, body, url, principal, client);
      if ('status' in checked) {
        record.refusal = checked.code;
        sendJson(res, checked.status, graphqlError(checked.message, checked.code), checked.headers);
        return;
      }
      body = checked.body;
    }

    const method = (req.method ?? 'GET').toUpperCase();
    const makeContext = (): GatewayContext => {
      record.context = options.context({ headers: plainHeaders, principal, client });
      return record.context;
    };
    const execute = async (): Promise<HTTPGraphQLResponse> => {
      const running = options.direct?.run({ method, headers: plainHeaders, search: url.search, body }, makeContext);
      const direct = running ? await running : undefined;
      options.metrics.executed(direct ? 'direct' : 'apollo');
      if (direct) return direct;
      const httpGraphQLRequest = { method, headers: new HeaderMap(Object.entries(plainHeaders)), search: url.search, body };
      // Apollo's context function is async by its type.
      return options.apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest, context: async () => makeContext() });
    };
    const idempotencyKey = plainHeaders['idempotency-key'];
    if (idempotencyKey !== undefined && principal && req.method === 'POST' && isMutation(body)) {
      const outcome = await withIdempotency(options.state.idempotency, { caller: principal.id, key: idempotencyKey, body }, execute);
      if (outcome.kind === 'refused') {
        record.refusal = outcome.code;
        sendJson(res, outcome.status, graphqlError(outcome.message, outcome.code), outcome.headers);
        return;
      }
      if (outcome.kind === 'replayed') {
        res.writeHead(outcome.answer.status, { 'content-type': outcome.answer.contentType, 'idempotent-replayed': 'true' });
        res.end(outcome.answer.body);
        return;
      }
      await send(res, outcome.result);
      return;
    }
    await send(res, await execute());
  }
}

/**
 * The request's headers as one string each (Node's lower-cased names; a repeated header joined
 * with ", ", as Apollo's HeaderMap would hold it), in one pass: a request that direct execution
 * answers never needs Apollo's HeaderMap.
 */
function plainHeadersOf(req: IncomingMessage): Record<string, string> {
  const plain: Record<string, string> = {};
  const headers = req.headers;
  for (const key in headers) {
    const value = headers[key];
    if (value !== undefined) plain[key] = Array.isArray(value) ? value.join(', ') : value;
  }
  return plain;
}

/** Writes Apollo's answer; its landing page (Apollo Sandbox, from Apollo's CDN) gets a link to the gateway's own GraphiQL. */
async function send(res: ServerResponse, result: HTTPGraphQLResponse): Promise<void> {
  for (const [key, value] of result.headers) res.setHeader(key, value);
  res.statusCode = result.status ?? 200;
  if (result.body.kind === 'complete') {
    const html = (result.headers.get('content-type') ?? '').startsWith('text/html');
    const body = html ? withGraphiqlLink(result.body.string) : result.body.string;
    // A known length: one plain write of headers and body, not chunked framing around a small answer.
    res.setHeader('content-length', Buffer.byteLength(body));
    res.end(body);
    return;
  }
  for await (const chunk of result.body.asyncIterator) res.write(chunk);
  res.end();
}

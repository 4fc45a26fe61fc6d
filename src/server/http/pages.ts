import type { IncomingMessage, ServerResponse } from 'node:http';
import { GRAPHIQL_ASSET_PREFIX, GRAPHIQL_PATH, graphiqlAsset, graphiqlPage } from '../landing/graphiql.js';
import type { Readiness } from '../readiness.js';
import type { GatewayMetrics } from '../telemetry/metrics.js';
import type { RequestUrl } from './request-url.js';
import { refuse, sendJson } from './respond.js';

/**
 * `/healthz` (the process answers), `/readyz` (the sources it needs answer) and `/metrics`
 * (Prometheus; unless it has a port of its own): no credential, for probes and scrapers. Undefined
 * when the path is none of them; else the answer being sent. Not async: every GraphQL request
 * passes here, and an async function would make it a promise and a wait.
 */
export function serveProbe(
  deps: { readiness: () => Promise<Readiness>; metrics: GatewayMetrics; serveMetrics: boolean },
  pathname: string,
  res: ServerResponse,
): Promise<void> | undefined {
  if (pathname === '/healthz') {
    sendJson(res, 200, { status: 'ok' });
    return Promise.resolve();
  }
  if (pathname === '/metrics' && deps.serveMetrics) return sendMetrics(res, deps.metrics);
  if (pathname === '/readyz') return sendReadiness(res, deps.readiness);
  return undefined;
}

async function sendReadiness(res: ServerResponse, readiness: () => Promise<Readiness>): Promise<void> {
  const ready = await readiness();
  sendJson(res, ready.ready ? 200 : 503, { status: ready.ready ? 'ready' : 'not ready', sources: ready.sources });
}

/**
 * The GraphiQL page at /graphiql always (and at the GraphQL path when `landingPage` is graphiql),
 * its assets, and `/` sent on to the GraphQL path. True when the request was one of them and has been answered.
 */
export function servePage(
  deps: { server: { landingPage: string }; landingPageHeaders?: Record<string, string> | undefined },
  graphqlPath: string,
  req: IncomingMessage,
  url: RequestUrl,
  res: ServerResponse,
): boolean {
  if (req.method !== 'GET') return false;
  const graphiql = deps.server.landingPage === 'graphiql';
  if (url.pathname.startsWith(GRAPHIQL_ASSET_PREFIX)) {
    const asset = graphiqlAsset(url.pathname.slice(GRAPHIQL_ASSET_PREFIX.length));
    if (!asset) refuse(req, res, 404, { error: 'no such asset' });
    // The URL holds the content's hash: it never changes under that name.
    else
      res
        .writeHead(200, { 'content-type': asset.type, 'content-length': asset.body.length, 'cache-control': 'public, max-age=31536000, immutable' })
        .end(asset.body);
    return true;
  }
  if ((url.pathname === GRAPHIQL_PATH || (graphiql && url.pathname === graphqlPath)) && wantsHtml(req, url)) {
    const page = graphiqlPage(graphqlPath, deps.landingPageHeaders);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(page) }).end(page);
    return true;
  }
  if (url.pathname === '/') {
    res.writeHead(302, { location: graphqlPath }).end();
    return true;
  }
  return false;
}

/** A browser asking for a page, not an operation. */
function wantsHtml(req: IncomingMessage, url: RequestUrl): boolean {
  return (req.headers.accept ?? '').includes('text/html') && !url.searchParams.has('query') && !url.searchParams.has('documentId');
}

async function sendMetrics(res: ServerResponse, metrics: GatewayMetrics): Promise<void> {
  const text = await metrics.registry.metrics();
  res.writeHead(200, { 'content-type': metrics.registry.contentType, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

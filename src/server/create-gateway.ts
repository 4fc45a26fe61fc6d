import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import type { GraphQLSchema } from 'graphql';
import type { GatewayConfig } from '../config/config-schema.js';
import { createRequestContext, type GatewayContext, type GatewayShared, type RequestOrigin } from '../context.js';
import { GatewayError } from '../errors.js';
import { UpstreamStats } from '../http/upstream-stats.js';
import { SharedSnapshots } from '../loaders/shared-snapshots.js';
import type { UserIndex } from '../loaders/user-index.js';
import { PlanSigner } from '../offboarding/plan-token.js';
import { ServiceAccount } from '../request/service-account.js';
import type { SourceRuntime } from '../request/source-runtime.js';
import { createSourceAdapter } from '../sources/create-adapter.js';
import type { UserPage } from '../sources/source.js';
import { createStateStore } from '../state/create-store.js';
import { Authenticator } from './auth/authenticator.js';
import { buildGatewaySchema } from './build-schema.js';
import { DirectExecution } from './direct/direct-execution.js';
import { formatError } from './format-errors.js';
import { startHealthProbes } from './health-probes.js';
import { trustedProxies } from './http/client-address.js';
import { createHttpHandler } from './http-handler.js';
import { entitiesCost } from './limits/entities-cost.js';
import { limitsPlugin } from './limits/limits-plugin.js';
import { countListObjects } from './limits/object-budget.js';
import { RateLimiter } from './limits/rate-limiter.js';
import { staticLimitRules } from './limits/static-limits.js';
import { createLogger, type Logger } from './logger.js';
import { growthSetByOperator, processHeapTarget } from './memory/heap-target.js';
import { applyPretenuring } from './memory/pretenuring.js';
import { OriginPolicy, SANDBOX_ORIGINS } from './origin-policy.js';
import { errorLogPlugin } from './plugins/error-log.js';
import { partialResultsPlugin } from './plugins/partial-results.js';
import { requestReportPlugin } from './plugins/request-report.js';
import { readiness } from './readiness.js';
import { GatewayMetrics } from './telemetry/metrics.js';
import { TrustedDocuments } from './trusted-documents.js';

export interface RunningGateway {
  /** e.g. `http://127.0.0.1:4000/graphql` */
  readonly url: string;
  readonly port: number;
  /** Where `/metrics` is served when `server.metrics.port` gives it a listener of its own. */
  readonly metricsUrl?: string;
  /** Stops accepting requests, lets Apollo finish, closes idle connections. */
  stop(): Promise<void>;
}

export interface GatewayOptions {
  /** Where structured logs go; a pino logger to stdout at `info` when absent. */
  logger?: Logger;
  /** Headers the landing page (Sandbox or GraphiQL) starts with (the demo puts its admin key there). */
  landingPageHeaders?: Record<string, string>;
}

/** Builds the schema and Apollo Server, then listens on `config.server.host:port`. */
export async function startGateway(config: GatewayConfig, options: GatewayOptions = {}): Promise<RunningGateway> {
  const logger = options.logger ?? createLogger();
  const byName = new Map<string, SourceRuntime>();
  const metrics = new GatewayMetrics(
    config.sources,
    (name) => byName.get(name)?.adapter.health?.().status ?? 'UNKNOWN',
    (name) => {
      const r = byName.get(name);
      const snapshots = r?.snapshots ?? r?.windows;
      return snapshots?.enabled ? snapshots.stats() : null;
    },
  );
  const runtimes = sourceRuntimes(config.sources, metrics);
  for (const r of runtimes) byName.set(r.info.name, r);
  const timeouts = new Map(config.sources.map((s) => [s.name, s.timeoutMs]));
  const stopProbes = startHealthProbes(
    runtimes,
    { intervalMs: config.server.health.probeIntervalMs, all: config.server.health.probeAll },
    (r) => timeouts.get(r.info.name) ?? 5_000,
  );
  await learnServiceAccounts(runtimes, logger);
  const trustedDocuments = TrustedDocuments.load(config.server.trustedDocuments, logger);
  // Enforced trusted documents name every operation that can run: no other name becomes a label.
  if (trustedDocuments?.enforced) metrics.allowOperationNames(trustedDocuments.operationNames());
  const state = await createStateStore(config.state, {
    fallback: (limiter, first) => {
      metrics.stateFallback(limiter);
      if (first) logger.warn({ limiter }, 'state store (Redis) unreachable: rate limits fall back to this process, each replica counting alone');
    },
  });
  // A gateway whose Redis is down still starts (reads need no Redis); it says so, and catches up when Redis is back.
  if (!(await state.ready(config.state.redis?.connectTimeoutMs ?? 0))) {
    logger.warn('state store (Redis) not reachable at start: writes are refused as LOCKED and limits are per process until it is');
  }
  // A write through any replica drops the source's shared snapshots here; with the subscription
  // lost (null), every snapshot goes, and none is used until it is back (context.ts).
  state.onInvalidation((source) => {
    for (const r of runtimes) {
      if (source !== null && r.info.name !== source) continue;
      r.snapshots?.invalidate();
      r.windows?.invalidate();
    }
  });
  const rateLimiter = new RateLimiter(state);
  const { federation } = config.server;
  const schema = countListObjects(
    federation.enabled
      ? // @apollo/subgraph and its federation internals are loaded only for a subgraph.
        await (await import('./federation/build-subgraph-schema.js')).buildGatewaySubgraphSchema(
          federation,
          entitiesCost({
            perItemSource: (name) => {
              const runtime = runtimes.find((r) => r.info.name === name);
              return runtime !== undefined && runtime.adapter.listing !== 'all';
            },
            perItemPeople: runtimes.some((r) => r.adapter.listing !== 'all'),
          }),
        )
      : await buildGatewaySchema(),
  );
  const authenticator = new Authenticator(config.auth, logger, state);
  metrics.watchBlockMirror(() => authenticator.blockMirror());
  const server: Server = createServer();
  const { apollo, direct } = createApollo(config, schema, { server, logger, rateLimiter, metrics, sandboxHeaders: options.landingPageHeaders });
  await apollo.start();

  const signer = new PlanSigner({ key: config.auth.planSigningKey, ttlMs: config.auth.planTtlSeconds * 1000 });
  if (signer.ephemeral) {
    logger.warn(
      'auth.planSigningKey is not set: offboarding plans are signed with a random key of this process, so they do not survive a restart and other replicas refuse them',
    );
  }
  const shared: GatewayShared = {
    runtimes,
    logger,
    state,
    limits: config.server.limits,
    requestTimeoutMs: config.server.requestTimeoutMs,
    offboarding: { signer, maxSteps: config.server.limits.maxOffboardSteps },
  };
  server.on(
    'request',
    createHttpHandler({
      apollo,
      direct,
      schema,
      server: config.server,
      rateLimiter,
      trustedDocuments,
      authenticator,
      state,
      trustedProxies: trustedProxies(config.server.trustedProxies),
      origins: new OriginPolicy({
        listenHost: config.server.host,
        allowedHosts: config.server.allowedHosts,
        corsOrigins: [...config.server.cors.origins, ...(config.server.sandbox ? SANDBOX_ORIGINS : [])],
        extraAllowedHeaders: config.sources.flatMap((s) => (s.credentials.mode === 'forward' ? [s.credentials.header] : [])),
      }),
      readiness: () => readiness(runtimes),
      metrics,
      serveMetrics: config.server.metrics.enabled && config.server.metrics.port === undefined,
      logger,
      landingPageHeaders: options.landingPageHeaders,
      context: (origin: RequestOrigin) => createRequestContext(shared, origin),
    }),
  );
  const port = await listen(server, config.server.port, config.server.host);
  // The operator's own --heap-growing-percent wins; the target would set it back to 0 when relaxing.
  const { heapTargetMb } = config.server.memory;
  const releaseHeap = heapTargetMb > 0 && !growthSetByOperator() ? processHeapTarget.hold(heapTargetMb) : undefined;
  applyPretenuring(config.server.memory.pretenuring);
  const metricsServer = config.server.metrics.enabled && config.server.metrics.port !== undefined ? createMetricsServer(metrics) : undefined;
  const metricsPort = metricsServer ? await listen(metricsServer, config.server.metrics.port ?? 0, config.server.host) : undefined;
  const host = config.server.host.includes(':') ? `[${config.server.host}]` : config.server.host;

  return {
    url: `http://${host}:${port}/graphql`,
    port,
    ...(metricsPort !== undefined ? { metricsUrl: `http://${host}:${metricsPort}/metrics` } : {}),
    async stop() {
      stopProbes();
      releaseHeap?.();
      direct?.disable();
      // The drain plugin stops accepting, lets requests in flight finish, then closes the server.
      await apollo.stop();
      metricsServer?.closeAllConnections();
      await new Promise<void>((resolve) => (metricsServer ? metricsServer.close(() => resolve()) : resolve()));
      await Promise.all(runtimes.map((r) => r.adapter.close()));
      await state.close();
    },
  };
}

/** Each configured source's adapter (with its own pool and policies), list snapshots and service account. */
function sourceRuntimes(sources: GatewayConfig['sources'], metrics: GatewayMetrics): SourceRuntime[] {
  return sources.map((s) => {
    const adapter = createSourceAdapter({
      ...s,
      observe: metrics.observeUpstream,
      onBreakerChange: (change) => metrics.breakerChanged(s.name, change),
      onRetry: metrics.retried,
    });
    const { listTtlMs: ttlMs, staleMs, maxCredentials, maxUsers, maxWindows } = s.cache;
    const snapshots =
      adapter.listing === 'all'
        ? new SharedSnapshots<UserIndex>({ ttlMs, staleMs, maxEntries: maxCredentials, keep: (index) => index.users.length <= maxUsers })
        : undefined;
    const windows = adapter.listing === 'paged' ? new SharedSnapshots<UserPage>({ ttlMs, staleMs, maxEntries: maxWindows }) : undefined;
    return {
      info: adapter.info,
      adapter,
      credentials: s.credentials,
      required: s.required,
      serviceAccount: new ServiceAccount(adapter, s.credentials),
      ...(snapshots ? { snapshots } : {}),
      ...(windows ? { windows } : {}),
    };
  });
}

interface ApolloParts {
  server: Server;
  logger: Logger;
  rateLimiter: RateLimiter;
  metrics: GatewayMetrics;
  sandboxHeaders: Record<string, string> | undefined;
}

function createApollo(
  config: GatewayConfig,
  schema: GraphQLSchema,
  parts: ApolloParts,
): { apollo: ApolloServer<GatewayContext>; direct: DirectExecution | undefined } {
  const production = config.server.mode === 'production';
  // Every request ends by its own deadline, so draining that long (and never less than the longest
  // upstream deadline) lets a slow write finish and answer instead of being cut mid-flight.
  const drainMs = Math.max(config.server.requestTimeoutMs, ...config.sources.map((s) => s.timeoutMs)) + 1_000;
  const plugins: ApolloServerPlugin<GatewayContext>[] = [
    ApolloServerPluginDrainHttpServer({ httpServer: parts.server, stopGracePeriodMillis: drainMs }),
    // The default cache-control plugin doubles execution time on large lists and nothing here uses it.
    ApolloServerPluginCacheControlDisabled(),
    ApolloServerPluginUsageReportingDisabled(),
    partialResultsPlugin({ upstreamStats: config.server.upstreamStats }),
    requestReportPlugin(),
    limitsPlugin(config.server, parts.rateLimiter),
    errorLogPlugin(),
    config.server.sandbox
      ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false, ...(parts.sandboxHeaders ? { headers: parts.sandboxHeaders } : {}) })
      : ApolloServerPluginLandingPageDisabled(),
  ];
  // A subgraph's answers carry Apollo's inline trace (ftv1), which only its pipeline adds.
  const direct =
    config.server.directExecution && !config.server.federation.enabled
      ? new DirectExecution({
          schema,
          plugins,
          formatError,
          logger: parts.logger,
          compile: config.server.compileQueries,
          onExecuted: (path) => {
            if (path === 'compiled') parts.metrics.compiledRun();
          },
        })
      : undefined;
  const apollo = new ApolloServer<GatewayContext>({
    schema,
    introspection: config.server.introspection,
    includeStacktraceInErrorResponses: false,
    // "Did you mean …" hands the schema to whoever guesses; only where the schema is public anyway.
    hideSchemaDetailsFromClientErrors: production || !config.server.introspection,
    validationRules: staticLimitRules(config.server.limits),
    parseOptions: { maxTokens: config.server.limits.maxTokens },
    allowBatchedHttpRequests: config.server.batching.enabled,
    // Apollo's automatic persisted queries would let any client register any document by hash;
    // trusted documents (trusted-documents.ts) are the only hashes this gateway accepts.
    persistedQueries: false,
    // The GraphQL-over-HTTP spec's GraphQL-Require-Preflight beside Apollo's own two: each forces a browser preflight.
    csrfPrevention: { requestHeaders: ['x-apollo-operation-name', 'apollo-require-preflight', 'graphql-require-preflight'] },
    // The CLI owns signals (commands/shutdown.ts); Apollo's own handler re-sends the signal after stopping.
    stopOnTerminationSignals: false,
    formatError,
    logger: parts.logger,
    plugins: direct ? [...plugins, direct.recorder()] : plugins,
  });
  return { apollo, direct };
}

/** `/metrics` alone, on a port of its own. */
function createMetricsServer(metrics: GatewayMetrics): Server {
  return createServer((req, res) => {
    if (new URL(req.url ?? '/', 'http://metrics.invalid').pathname !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    metrics.registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      () => res.writeHead(500).end(),
    );
  });
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * Asks each token-bearing source who its service credential belongs to, so that the first
 * `userToken` or `refreshUserToken` need not. Bounded: a source that does not answer in time is
 * asked again when it matters, and start-up goes on.
 */
async function learnServiceAccounts(runtimes: readonly SourceRuntime[], logger: Logger): Promise<void> {
  const pending = runtimes
    .filter((r) => r.serviceAccount.applies)
    .map((r) =>
      r.serviceAccount.ownerId(new UpstreamStats()).catch((err: unknown) => {
        logger.warn(
          { source: r.info.name, code: err instanceof GatewayError ? err.code : 'UNKNOWN' },
          'could not learn who the service credential belongs to; will ask again',
        );
      }),
    );
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, 2_000);
  });
  await Promise.race([Promise.all(pending), deadline]);
  clearTimeout(timer);
}

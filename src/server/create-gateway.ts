import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import type { GatewayConfig } from '../config/config-schema.js';
import { createRequestContext, type GatewayContext, type GatewayShared, type RequestOrigin } from '../context.js';
import { GatewayError } from '../errors.js';
import { UpstreamStats } from '../http/upstream-stats.js';
import { KeyedMutex } from '../mutations/keyed-mutex.js';
import { buildGatewaySchema } from '../schema/build-schema.js';
import { createSourceAdapter } from '../sources/create-adapter.js';
import { Authenticator } from './auth/authenticator.js';
import { formatError } from './format-errors.js';
import { createHttpHandler } from './http-handler.js';
import { limitsPlugin } from './limits/limits-plugin.js';
import { countListObjects } from './limits/object-budget.js';
import { RateLimiter } from './limits/rate-limiter.js';
import { staticLimitRules } from './limits/static-limits.js';
import { createLogger, type Logger } from './logger.js';
import { OriginPolicy, SANDBOX_ORIGINS } from './origin-policy.js';
import { errorLogPlugin } from './plugins/error-log.js';
import { partialResultsPlugin } from './plugins/partial-results.js';
import { ServiceAccount } from './service-account.js';
import type { SourceRuntime } from './source-runtime.js';
import { TrustedDocuments } from './trusted-documents.js';

export interface RunningGateway {
  /** e.g. `http://127.0.0.1:4000/graphql` */
  readonly url: string;
  readonly port: number;
  /** Stops accepting requests, lets Apollo finish, closes idle connections. */
  stop(): Promise<void>;
}

export interface GatewayOptions {
  /** Where structured logs go; a pino logger to stdout at `info` when absent. */
  logger?: Logger;
  /** Headers the Sandbox landing page starts with (the demo puts its admin key there). */
  sandboxHeaders?: Record<string, string>;
}

/** Builds the schema and Apollo Server, then listens on `config.server.host:port`. */
export async function startGateway(config: GatewayConfig, options: GatewayOptions = {}): Promise<RunningGateway> {
  const logger = options.logger ?? createLogger();
  const runtimes: SourceRuntime[] = config.sources.map((s) => {
    const adapter = createSourceAdapter(s);
    return { info: adapter.info, adapter, credentials: s.credentials, serviceAccount: new ServiceAccount(adapter, s.credentials) };
  });
  await learnServiceAccounts(runtimes, logger);
  const trustedDocuments = TrustedDocuments.load(config.server.trustedDocuments, logger);
  const rateLimiter = new RateLimiter();
  const schema = countListObjects(await buildGatewaySchema());
  const production = config.server.mode === 'production';

  const plugins: ApolloServerPlugin<GatewayContext>[] = [
    // The default cache-control plugin doubles execution time on large lists and nothing here uses it.
    ApolloServerPluginCacheControlDisabled(),
    ApolloServerPluginUsageReportingDisabled(),
    partialResultsPlugin({ upstreamStats: config.server.upstreamStats }),
    limitsPlugin(config.server, rateLimiter),
    errorLogPlugin(),
    config.server.sandbox
      ? ApolloServerPluginLandingPageLocalDefault({
          embed: true,
          includeCookies: false,
          ...(options.sandboxHeaders ? { headers: options.sandboxHeaders } : {}),
        })
      : ApolloServerPluginLandingPageDisabled(),
  ];
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
    // The CLI owns signals (commands/shutdown.ts); Apollo's own handler re-sends the signal after stopping.
    stopOnTerminationSignals: false,
    formatError,
    logger,
    plugins,
  });
  await apollo.start();

  const shared: GatewayShared = { runtimes, logger, locks: new KeyedMutex(), limits: config.server.limits, requestTimeoutMs: config.server.requestTimeoutMs };
  const server: Server = createServer(
    createHttpHandler({
      apollo,
      schema,
      server: config.server,
      rateLimiter,
      trustedDocuments,
      authenticator: new Authenticator(config.auth, logger),
      origins: new OriginPolicy({
        listenHost: config.server.host,
        allowedHosts: config.server.allowedHosts,
        corsOrigins: [...config.server.cors.origins, ...(config.server.sandbox ? SANDBOX_ORIGINS : [])],
        extraAllowedHeaders: config.sources.flatMap((s) => (s.credentials.mode === 'forward' ? [s.credentials.header] : [])),
      }),
      context: async (origin: RequestOrigin) => createRequestContext(shared, origin),
    }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.server.port, config.server.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = config.server.host.includes(':') ? `[${config.server.host}]` : config.server.host;

  return {
    url: `http://${host}:${port}/graphql`,
    port,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // A client holding a keep-alive socket open must not keep the process alive forever.
        setTimeout(() => server.closeAllConnections(), 3_000).unref();
      });
      await apollo.stop();
      await Promise.all(runtimes.map((r) => r.adapter.close()));
    },
  };
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

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
import { createRequestContext, type GatewayContext, type GatewayShared } from '../context.js';
import { KeyedMutex } from '../mutations/keyed-mutex.js';
import { buildGatewaySchema } from '../schema/build-schema.js';
import { createSourceAdapter } from '../sources/create-adapter.js';
import { formatError } from './format-errors.js';
import { createHttpHandler, type RequestHeaders } from './http-handler.js';
import { createLogger, type Logger } from './logger.js';
import { errorLogPlugin } from './plugins/error-log.js';
import { partialResultsPlugin } from './plugins/partial-results.js';
import { secretMutationLimitPlugin } from './plugins/secret-mutation-limit.js';
import type { SourceRuntime } from './source-runtime.js';

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
}

/** Builds the schema and Apollo Server, then listens on `config.server.host:port`. */
export async function startGateway(config: GatewayConfig, options: GatewayOptions = {}): Promise<RunningGateway> {
  const logger = options.logger ?? createLogger();
  const runtimes: SourceRuntime[] = config.sources.map((s) => {
    const adapter = createSourceAdapter(s);
    return { info: adapter.info, adapter, credentials: s.credentials };
  });

  const plugins: ApolloServerPlugin<GatewayContext>[] = [
    // The default cache-control plugin doubles execution time on large lists and nothing here uses it.
    ApolloServerPluginCacheControlDisabled(),
    ApolloServerPluginUsageReportingDisabled(),
    partialResultsPlugin({ upstreamStats: config.server.upstreamStats }),
    secretMutationLimitPlugin(),
    errorLogPlugin(),
    config.server.sandbox ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false }) : ApolloServerPluginLandingPageDisabled(),
  ];
  const apollo = new ApolloServer<GatewayContext>({
    schema: await buildGatewaySchema(),
    introspection: config.server.introspection,
    includeStacktraceInErrorResponses: false,
    // The CLI owns signals (commands/shutdown.ts); Apollo's own handler re-sends the signal after stopping.
    stopOnTerminationSignals: false,
    formatError,
    logger,
    plugins,
  });
  await apollo.start();

  const shared: GatewayShared = { runtimes, logger, locks: new KeyedMutex() };
  const server: Server = createServer(
    createHttpHandler({
      apollo,
      maxBodyBytes: config.server.maxBodyBytes,
      context: async (headers: RequestHeaders) => createRequestContext(shared, headers),
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

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled, ApolloServerPluginUsageReportingDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import type { GatewayConfig } from '../config/config-schema.js';
import type { GatewayContext } from '../context.js';
import { buildGatewaySchema } from '../schema/build-schema.js';
import type { SourceInfo } from '../sources/model.js';
import { capabilitiesOf } from '../sources/vendors.js';
import { createHttpHandler } from './http-handler.js';

export interface RunningGateway {
  /** e.g. `http://127.0.0.1:4000/graphql` */
  readonly url: string;
  readonly port: number;
  /** Stops accepting requests, lets Apollo finish, closes idle connections. */
  stop(): Promise<void>;
}

/** Builds the schema and Apollo Server, then listens on `config.server.host:port`. */
export async function startGateway(config: GatewayConfig): Promise<RunningGateway> {
  const sources: SourceInfo[] = config.sources.map((s) => ({
    name: s.name,
    vendor: s.vendor,
    url: s.url,
    capabilities: capabilitiesOf(s.vendor),
  }));

  const plugins: ApolloServerPlugin<GatewayContext>[] = [
    // The default cache-control plugin doubles execution time on large lists and nothing here uses it.
    ApolloServerPluginCacheControlDisabled(),
    ApolloServerPluginUsageReportingDisabled(),
    config.server.sandbox ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false }) : ApolloServerPluginLandingPageDisabled(),
  ];
  const apollo = new ApolloServer<GatewayContext>({
    schema: await buildGatewaySchema(),
    introspection: config.server.introspection,
    includeStacktraceInErrorResponses: false,
    plugins,
  });
  await apollo.start();

  const server: Server = createServer(
    createHttpHandler({
      apollo,
      maxBodyBytes: config.server.maxBodyBytes,
      context: async () => ({ sources }),
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
    },
  };
}

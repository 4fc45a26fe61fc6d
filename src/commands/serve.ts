import { parseArgs } from 'node:util';
import { loadConfigFile } from '../config/load-config.js';
import { startGateway } from '../server/create-gateway.js';
import { createLogger } from '../server/logger.js';
import { startTracing } from '../server/telemetry/tracing.js';
import { onShutdown } from './shutdown.js';
import { UsageError } from './usage-error.js';

export const SERVE_USAGE = 'usage: usergraph serve --config FILE';

/** `usergraph serve --config FILE`: the gateway over real upstreams. A bad config stops it at start. */
export async function serveCommand(args: string[]): Promise<void> {
  let file: string | undefined;
  try {
    file = parseArgs({ args, strict: true, options: { config: { type: 'string', short: 'c' } } }).values.config;
  } catch (err) {
    throw new UsageError(`${(err as Error).message.split('\n')[0]}; ${SERVE_USAGE}`);
  }
  // A container sets USERGRAPH_CONFIG (the image: /etc/usergraph/usergraph.yaml); --config wins.
  file ??= process.env['USERGRAPH_CONFIG'] || undefined;
  if (!file) throw new UsageError(`--config is required (or USERGRAPH_CONFIG); ${SERVE_USAGE}`);
  const config = loadConfigFile(file);
  const stopTracing = await startTracing();
  const gateway = await startGateway(config, { logger: createLogger({ level: config.server.logLevel }) });
  process.stdout.write(`usergraph serving ${config.sources.length} source(s) at ${gateway.url}\n`);
  onShutdown(async () => {
    await gateway.stop();
    await stopTracing?.();
  });
}

import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfigFile } from '../config/load-config.js';
import { buildGatewaySchema, printGatewaySchema } from '../server/build-schema.js';
import { buildGatewaySubgraphSchema, printGatewaySubgraphSchema } from '../server/federation/build-subgraph-schema.js';
import { UsageError } from './usage-error.js';

const USAGE = 'usage: usergraph schema [--subgraph [--config FILE]] [--out FILE]';

/**
 * `usergraph schema [--subgraph [--config FILE]] [--out FILE]`: prints the SDL (or the Federation
 * subgraph SDL, shaped by the config's `server.federation` as `serve` serves it), or writes it (the
 * defaults' are committed under schema/).
 */
export async function schemaCommand(args: string[]): Promise<void> {
  let values: { out?: string | undefined; subgraph?: boolean | undefined; config?: string | undefined };
  try {
    values = parseArgs({
      args,
      strict: true,
      options: { out: { type: 'string', short: 'o' }, subgraph: { type: 'boolean' }, config: { type: 'string', short: 'c' } },
    }).values;
  } catch (err) {
    throw new UsageError(`${(err as Error).message.split('\n')[0]}; ${USAGE}`);
  }
  if (values.config !== undefined && !values.subgraph) throw new UsageError(`--config shapes the subgraph SDL only; ${USAGE}`);
  const out = values.out;
  const federation = values.config === undefined ? undefined : loadConfigFile(values.config).server.federation;
  const sdl = values.subgraph ? printGatewaySubgraphSchema(await buildGatewaySubgraphSchema(federation)) : printGatewaySchema(await buildGatewaySchema());
  if (out) writeFileSync(out, sdl);
  else process.stdout.write(sdl);
}

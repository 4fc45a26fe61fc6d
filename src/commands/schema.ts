import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildGatewaySchema, printGatewaySchema } from '../server/build-schema.js';
import { buildGatewaySubgraphSchema, printGatewaySubgraphSchema } from '../server/build-subgraph-schema.js';
import { UsageError } from './usage-error.js';

/** `usergraph schema [--subgraph] [--out FILE]`: prints the SDL (or the Federation subgraph SDL), or writes it (both are committed under schema/). */
export async function schemaCommand(args: string[]): Promise<void> {
  let values: { out?: string | undefined; subgraph?: boolean | undefined };
  try {
    values = parseArgs({ args, strict: true, options: { out: { type: 'string', short: 'o' }, subgraph: { type: 'boolean' } } }).values;
  } catch (err) {
    throw new UsageError(`${(err as Error).message.split('\n')[0]}; usage: usergraph schema [--subgraph] [--out FILE]`);
  }
  const out = values.out;
  const sdl = values.subgraph ? printGatewaySubgraphSchema(await buildGatewaySubgraphSchema()) : printGatewaySchema(await buildGatewaySchema());
  if (out) writeFileSync(out, sdl);
  else process.stdout.write(sdl);
}

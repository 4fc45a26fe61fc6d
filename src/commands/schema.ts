import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildGatewaySchema, printGatewaySchema } from '../schema/build-schema.js';
import { UsageError } from './usage-error.js';

/** `usergraph schema [--out FILE]`: prints the SDL, or writes it (schema/schema.graphql is committed). */
export async function schemaCommand(args: string[]): Promise<void> {
  let out: string | undefined;
  try {
    out = parseArgs({ args, strict: true, options: { out: { type: 'string', short: 'o' } } }).values.out;
  } catch (err) {
    throw new UsageError(`${(err as Error).message.split('\n')[0]}; usage: usergraph schema [--out FILE]`);
  }
  const sdl = printGatewaySchema(await buildGatewaySchema());
  if (out) writeFileSync(out, sdl);
  else process.stdout.write(sdl);
}

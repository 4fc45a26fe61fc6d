import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { zodToJsonSchema } from 'zod-to-json-schema';
import { configSchema } from '../config/config-schema.js';
import { UsageError } from './usage-error.js';

/** The JSON Schema of `usergraph.yaml`, generated from the zod schema the gateway validates with. */
export function configJsonSchema(): string {
  const schema = zodToJsonSchema(configSchema, { name: 'UsergraphConfig', $refStrategy: 'none', target: 'jsonSchema7' });
  const described = {
    ...schema,
    title: 'usergraph configuration',
    description: 'usergraph.yaml: `usergraph serve --config FILE`. Emitted by `npm run config-schema`; a test fails when it is stale.',
  };
  return `${JSON.stringify(described, null, 2)}\n`;
}

/** `usergraph config-schema [--out FILE]`: prints the config's JSON Schema, or writes it (schema/config.schema.json is committed). */
export async function configSchemaCommand(args: string[]): Promise<void> {
  let out: string | undefined;
  try {
    out = parseArgs({ args, strict: true, options: { out: { type: 'string', short: 'o' } } }).values.out;
  } catch (err) {
    throw new UsageError(`${(err as Error).message.split('\n')[0]}; usage: usergraph config-schema [--out FILE]`);
  }
  const text = configJsonSchema();
  if (out) writeFileSync(out, text);
  else process.stdout.write(text);
}

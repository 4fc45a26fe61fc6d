import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { configJsonSchemaObject } from '../config/json-schema.js';
import { UsageError } from './usage-error.js';

/** The JSON Schema of `usergraph.yaml` as the committed file holds it. */
export function configJsonSchema(): string {
  return `${JSON.stringify(configJsonSchemaObject(), null, 2)}\n`;
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

import { configSchema } from './config-schema.js';

/**
 * The JSON Schema of `usergraph.yaml`, generated from the zod schema the gateway validates with.
 * zod-to-json-schema (about 40 modules) is loaded on first use: a config without mistakes never needs it.
 */
export function configJsonSchemaObject(): Record<string, unknown> {
  const { zodToJsonSchema } = require('zod-to-json-schema') as typeof import('zod-to-json-schema');
  const schema = zodToJsonSchema(configSchema, { name: 'UsergraphConfig', $refStrategy: 'none', target: 'jsonSchema7' });
  return {
    ...schema,
    title: 'usergraph configuration',
    description: 'usergraph.yaml: `usergraph serve --config FILE`. Emitted by `npm run config-schema`; a test fails when it is stale.',
  };
}

let cached: Record<string, unknown> | undefined;

/** The keys the config allows in the object at `path` (indexes of arrays skipped), for "did you mean". */
export function keysAt(path: readonly (string | number)[]): string[] {
  cached ??= configJsonSchemaObject();
  let node: unknown = (cached['definitions'] as Record<string, unknown>)['UsergraphConfig'];
  for (const segment of path) {
    node = typeof segment === 'number' ? (node as { items?: unknown })?.items : propertiesOf(node)[segment];
    if (node === undefined) return [];
  }
  return Object.keys(propertiesOf(node));
}

/** The properties of an object schema, or of every branch of a union of them. */
function propertiesOf(node: unknown): Record<string, unknown> {
  const n = node as { properties?: Record<string, unknown>; anyOf?: unknown[]; oneOf?: unknown[]; allOf?: unknown[] } | undefined;
  if (!n) return {};
  const branches = [...(n.anyOf ?? []), ...(n.oneOf ?? []), ...(n.allOf ?? [])];
  return Object.assign({}, n.properties ?? {}, ...branches.map(propertiesOf));
}

/** The allowed key closest to `key` (edit distance at most 2, or a different letter case), if any. */
export function closestKey(key: string, allowed: readonly string[]): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const candidate of allowed) {
    const distance = candidate.toLowerCase() === key.toLowerCase() ? 0 : editDistance(key, candidate);
    if (distance <= 2 && (!best || distance < best.distance)) best = { key: candidate, distance };
  }
  return best?.key;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] ?? 0;
      row[j] = Math.min(current + 1, (row[j - 1] ?? 0) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length] ?? 0;
}

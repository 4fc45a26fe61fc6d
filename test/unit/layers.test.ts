import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { PROJECT_ROOT } from '../helpers/paths.js';

const SRC = join(PROJECT_ROOT, 'src');

/**
 * The layers of src/, lowest first: a module may import its own layer and those below, never one
 * above (CONTRIBUTING, "Layout"). A request flows down: server → resolvers → pagination and
 * mutations → loaders → sources (adapters) → http → the vendor.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['error-codes.ts', 'errors.ts', 'is-record.ts', 'key-path.ts', 'ids', 'vendors.ts'],
  ['config'],
  ['http'],
  ['state'],
  ['sources', 'simulators'],
  ['loaders'],
  ['pagination', 'mutations', 'offboarding', 'request'],
  ['context.ts'],
  ['schema', 'resolvers'],
  ['server'],
  ['commands', 'cli.ts'],
];

/** Imports allowed against the layers: none. (context.ts once read the server's request-scoped parts; they live in request/ now.) */
const ALLOWED: readonly [string, string][] = [];

function layerOf(file: string): number {
  // The most specific entry wins: a file listed on its own before its folder.
  let best = -1;
  let bestLength = -1;
  for (const [i, layer] of LAYERS.entries()) {
    for (const prefix of layer) {
      const hit = file === prefix || file.startsWith(`${prefix}/`);
      if (hit && prefix.length > bestLength) [best, bestLength] = [i, prefix.length];
    }
  }
  if (best < 0) throw new Error(`${file} is in no layer: add it to LAYERS`);
  return best;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

function relativeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/from '(\.\.?\/[^']+)'/g)].map((m) => relative(SRC, resolve(dirname(file), (m[1] ?? '').replace(/\.js$/, '.ts'))));
}

describe('layers of src/', () => {
  it('has no module importing from a layer above its own', () => {
    const upward: string[] = [];
    for (const path of sourceFiles(SRC)) {
      const file = relative(SRC, path);
      for (const imported of relativeImports(path)) {
        if (layerOf(imported) <= layerOf(file)) continue;
        if (ALLOWED.some(([from, to]) => file === from && imported.startsWith(to))) continue;
        upward.push(`${file} → ${imported}`);
      }
    }
    assert.deepEqual(upward, []);
  });

  it('sees an upward import when there is one', () => {
    // The check above is only worth something if it can fail.
    assert.ok(layerOf('resolvers/user.resolver.ts') > layerOf('loaders/create-loaders.ts'));
    assert.ok(layerOf('vendors.ts') < layerOf('config/config-schema.ts'));
    assert.ok(layerOf('sources/dqops/adapter.ts') > layerOf('config/config-schema.ts'));
    assert.ok(relativeImports(join(SRC, 'server', 'create-gateway.ts')).some((f) => f.startsWith('resolvers/') || f === 'server/build-schema.ts'));
  });
});

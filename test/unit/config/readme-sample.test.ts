import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import YAML from 'yaml';
import { ConfigError, parseConfig } from '../../../src/config/load-config.js';
import { PROJECT_ROOT } from '../../helpers/paths.js';

/** The README's sample usergraph.yaml: the first yaml block after "The file's keys in full". */
function readmeSample(): { text: string; variables: string[]; required: string[] } {
  const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
  const after = readme.slice(readme.indexOf("The file's keys in full"));
  const text = /```yaml\n([\s\S]*?)```/.exec(after)?.[1];
  assert.ok(text, 'the README has its sample config');
  const references = [...text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)(:-[^}]*)?\}/g)];
  const variables = [...new Set(references.map((m) => m[1] ?? ''))];
  // A reference with a default needs nothing set.
  const required = [...new Set(references.filter((m) => m[2] === undefined).map((m) => m[1] ?? ''))];
  return { text, variables, required };
}

describe("the README's sample config", () => {
  it('is valid as pasted once the variables it names are set', () => {
    const { text, variables } = readmeSample();
    const env = Object.fromEntries(variables.map((v) => [v, v.endsWith('_HASH') ? `sha256:${'0'.repeat(64)}` : `value-of-${v}-0123456789abcdefghijklmnop`]));
    const config = parseConfig(YAML.parse(text), env, 'README sample');
    assert.ok(config.sources.length >= 2);
  });

  it('names every variable to set when none is (what check prints for it)', () => {
    const { text, required } = readmeSample();
    assert.ok(required.length >= 3);
    assert.throws(
      () => parseConfig(YAML.parse(text), {}, 'README sample'),
      (err: unknown) => err instanceof ConfigError && required.every((v) => err.message.includes(v)),
    );
  });
});

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const MODULE = join(__dirname, '..', '..', 'src', 'commands', 'graphql-production-checks.js');

/** Runs `script` in a fresh Node with NODE_ENV set as given (undefined: absent) and returns what it printed. */
function fresh(script: string, nodeEnv: string | undefined): string {
  const env = { ...process.env };
  delete env['NODE_ENV'];
  if (nodeEnv !== undefined) env['NODE_ENV'] = nodeEnv;
  return execFileSync(process.execPath, ['-e', script], { env, encoding: 'utf8' }).trim();
}

// The development instanceOf throws on a same-named class from "another copy"; the production one says false.
const PROBE = `
  const { GraphQLObjectType } = require('graphql');
  const { instanceOf } = require('graphql/jsutils/instanceOf.js');
  class GraphQLObjectType2 {}
  Object.defineProperty(GraphQLObjectType2.prototype, Symbol.toStringTag, { get: () => 'GraphQLObjectType' });
  let kind;
  try { kind = instanceOf(new GraphQLObjectType2(), GraphQLObjectType) ? 'true' : 'production'; } catch { kind = 'development'; }
  console.log(kind + ' ' + (process.env.NODE_ENV ?? '(unset)'));
`;

describe('graphql-js production checks', () => {
  it('without the module, graphql-js loads its development checks when NODE_ENV is unset', () => {
    assert.equal(fresh(PROBE, undefined), 'development (unset)');
  });

  it('loaded first, graphql-js gets its production checks and NODE_ENV is left as it was', () => {
    assert.equal(fresh(`require(${JSON.stringify(MODULE)});${PROBE}`, undefined), 'production (unset)');
    assert.equal(fresh(`require(${JSON.stringify(MODULE)});${PROBE}`, 'development'), 'production development');
  });
});

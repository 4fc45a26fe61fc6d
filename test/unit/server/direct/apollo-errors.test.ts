import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { GraphQLError, type GraphQLFormattedError, Kind, type OperationDefinitionNode, parse } from 'graphql';
import { GatewayError } from '../../../../src/errors.js';
import { limitError } from '../../../../src/request/limit-error.js';
import { asUserInputError, normalizeAndFormatErrors } from '../../../../src/server/direct/apollo-errors.js';
import { formatError } from '../../../../src/server/format-errors.js';

type ApolloNormalize = (
  errors: readonly unknown[],
  options: { formatError: (f: GraphQLFormattedError, e: unknown) => GraphQLFormattedError },
) => { formattedErrors: GraphQLFormattedError[]; httpFromErrors: { status?: number; headers: Map<string, string> } };

// Apollo Server does not export its normalizer; the test reads it from the installed package, so
// an Apollo upgrade that changes it fails here.
const apolloDist = dirname(require.resolve('@apollo/server'));
const apollo = require(join(apolloDist, 'errorNormalize.js')) as { normalizeAndFormatErrors: ApolloNormalize };

const operation = parse('query($id: ID!) { a }').definitions[0] as OperationDefinitionNode;
const variable = operation.variableDefinitions![0]!;

// Typed loosely: graphql-yoga (through Hive Gateway) types `http` as a record.
const MALFORMED_HTTP: Record<string, unknown> = { code: 'BAD_REQUEST', http: { status: 'teapot' } };

const errors: [string, unknown][] = [
  ['a plain Error', new Error('boom with a secret inside')],
  ['a thrown string', 'not an error'],
  ['a GraphQLError without a code', new GraphQLError('no code')],
  ['a coded GraphQLError', new GraphQLError('coded', { extensions: { code: 'FORBIDDEN' } })],
  ['a limit error with status and Retry-After', limitError('RATE_LIMITED', 'slow down', { status: 429, retryAfterSec: 7 })],
  ['a limit error with status only', limitError('COST_LIMIT_EXCEEDED', 'too big')],
  ['a GatewayError inside a resolver error', new GraphQLError('wrapped', { path: ['user'], originalError: new GatewayError('NOT_FOUND', 'no such user') })],
  ['an error with a malformed http extension', new GraphQLError('odd', { extensions: MALFORMED_HTTP })],
  ['a variable coercion error', new GraphQLError('Variable "$id" of required type "ID!" was not provided.', { nodes: [variable] })],
];

describe("normalizeAndFormatErrors is Apollo Server's", () => {
  for (const [name, error] of errors) {
    it(name, () => {
      const ours = normalizeAndFormatErrors([error], formatError);
      const theirs = apollo.normalizeAndFormatErrors([error], { formatError });
      assert.deepEqual(ours.formatted, theirs.formattedErrors);
      assert.equal(ours.http.status, theirs.httpFromErrors.status);
      assert.deepEqual([...ours.http.headers], [...theirs.httpFromErrors.headers]);
    });
  }

  it('all at once: statuses and headers merged in order', () => {
    const all = errors.map(([, e]) => e);
    const ours = normalizeAndFormatErrors(all, formatError);
    const theirs = apollo.normalizeAndFormatErrors(all, { formatError });
    assert.deepEqual(ours.formatted, theirs.formattedErrors);
    assert.equal(ours.http.status, theirs.httpFromErrors.status);
    assert.deepEqual([...ours.http.headers], [['retry-after', '7']]);
  });

  it('a formatError that throws gives the neutral internal error', () => {
    const throwing = () => {
      throw new Error('formatter broke');
    };
    assert.deepEqual(normalizeAndFormatErrors([new Error('x')], throwing).formatted, [
      { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
    ]);
  });
});

describe('asUserInputError', () => {
  it('codes a variable coercion error BAD_USER_INPUT and keeps its nodes', () => {
    const coerced = asUserInputError(new GraphQLError('Variable "$id" got invalid value 5; ID cannot represent value: 5', { nodes: [variable] }));
    assert.equal(coerced.extensions['code'], 'BAD_USER_INPUT');
    assert.equal(coerced.nodes?.[0]?.kind, Kind.VARIABLE_DEFINITION);
  });

  it('leaves alone an error already coded, one about something else, and one not on a variable', () => {
    const coded = new GraphQLError('Variable "$id" got invalid value 5', { nodes: [variable], extensions: { code: 'X' } });
    const other = new GraphQLError('Something else', { nodes: [variable] });
    const bare = new GraphQLError('Variable "$id" got invalid value 5');
    for (const e of [coded, other, bare]) assert.equal(asUserInputError(e), e);
  });
});

import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { type GraphQLSchema, parse } from 'graphql';
import { buildGatewaySchema } from '../../../src/server/build-schema.js';
import { costKey, operationCost } from '../../../src/server/limits/cost.js';

let schema: GraphQLSchema;
before(async () => {
  schema = await buildGatewaySchema();
});

describe('operationCost with its per-document cache', () => {
  it('costs each page size of one document apart, the second time from the cache as the first', () => {
    const doc = parse('query Page($n: Int!) { users(first: $n) { nodes { email person { accounts { id } } } } }');
    const ten = operationCost(schema, doc, { n: 10 });
    const hundred = operationCost(schema, doc, { n: 100 });
    assert.ok(hundred > ten * 5, `first: 100 (${hundred}) costs far more than first: 10 (${ten})`);
    assert.equal(operationCost(schema, doc, { n: 10 }), ten);
    assert.equal(operationCost(schema, doc, { n: 100 }), hundred);
  });

  it('follows @include(if: $b): a skipped branch costs nothing, cached or not', () => {
    const doc = parse('query Q($b: Boolean!) { sources { name } users(first: 50) @include(if: $b) { nodes { email } } }');
    const withUsers = operationCost(schema, doc, { b: true });
    const without = operationCost(schema, doc, { b: false });
    assert.ok(withUsers > without);
    assert.equal(operationCost(schema, doc, { b: true }), withUsers);
    assert.equal(operationCost(schema, doc, { b: false }), without);
  });

  it('keeps one cost per operation of a document with several', () => {
    const doc = parse('query Small { sources { name } } query Big { users(first: 200) { nodes { email } } }');
    const small = operationCost(schema, doc, undefined, 'Small');
    const big = operationCost(schema, doc, undefined, 'Big');
    assert.notEqual(small, big);
    assert.equal(operationCost(schema, doc, undefined, 'Small'), small);
  });
});

describe('costKey', () => {
  const doc = parse('mutation M($id: ID!, $input: ChangePasswordInput!, $n: Int, $ids: [ID!], $b: Boolean) { changePassword(input: $input) { __typename } }');

  it('holds numbers and booleans by value and lists by length, nothing of strings, ids or input objects', () => {
    const key = costKey(doc, { id: 'u-1', input: { userId: 'u-1', password: 'Hunter2-Secret' }, n: 7, ids: ['a', 'b', 'c'], b: true }, 'M');
    assert.equal(key, 'M|7|3|true');
    assert.equal(costKey(doc, { id: 'u-2', input: { userId: 'u-2', password: 'other' }, n: 7, ids: ['x', 'y', 'z'], b: true }, 'M'), key);
    assert.notEqual(costKey(doc, { n: 8, ids: ['a', 'b', 'c'], b: true }, 'M'), key);
  });

  it('gives no key (no caching) for a value of the wrong kind or an operation it cannot find', () => {
    assert.equal(costKey(doc, { n: 'seven' }, 'M'), undefined);
    assert.equal(costKey(doc, {}, 'Other'), undefined);
    // entitiesCost reads representations whole: never cached by their length.
    const entities = parse('query E($r: [_Any!]!) { _entities(representations: $r) { __typename } }');
    assert.equal(costKey(entities, { r: [{ __typename: 'User', id: 'x' }] }, 'E'), undefined);
    assert.equal(costKey(parse('query A { sources { name } } query B { sources { name } }'), {}, undefined), undefined);
  });
});

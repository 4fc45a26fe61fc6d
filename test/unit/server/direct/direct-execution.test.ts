import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import { buildSchema, GraphQLError, parse } from 'graphql';
import pino from 'pino';
import type { GatewayContext } from '../../../../src/context.js';
import { DirectExecution, type DirectRequest } from '../../../../src/server/direct/direct-execution.js';
import { formatError } from '../../../../src/server/format-errors.js';
import { everyRequest } from '../../../../src/server/plugins/every-request.js';

const schema = buildSchema('type Query { a: String, boom: String } type Mutation { m: String }');
const fields = schema.getQueryType()!.getFields();
fields['a']!.resolve = () => 'A';
fields['boom']!.resolve = () => {
  throw new GraphQLError('kaput', { extensions: { code: 'FORBIDDEN' } });
};

const silent = pino({ level: 'silent' });
const context = () => ({}) as GatewayContext;
const post = (body: unknown, headers: [string, string][] = []): DirectRequest => ({
  method: 'POST',
  headers: Object.fromEntries([['content-type', 'application/json'], ...headers]),
  search: '',
  body,
});

/** Teaches `direct` a text as Apollo would: through the recorder's didResolveOperation. */
async function learn(direct: DirectExecution, query: string): Promise<void> {
  const document = parse(query);
  const operation = document.definitions[0];
  const listener = await direct.recorder().requestDidStart?.({} as GraphQLRequestContext<GatewayContext>);
  await listener?.didResolveOperation?.({ source: query, document, operation } as never);
}

describe('DirectExecution', () => {
  it('runs the hooks in Apollo order and answers with their changes', async () => {
    const calls: string[] = [];
    const plugin: ApolloServerPlugin<GatewayContext> = {
      async requestDidStart() {
        return {
          async didResolveOperation(rc) {
            calls.push(`resolve:${rc.operationName}`);
            // What Apollo hands a plugin of the HTTP request, made on demand here.
            const { method, headers, search } = rc.request.http ?? {};
            calls.push(`http:${method} ${headers?.get('Content-Type')} ${headers?.get('x-trace')} ${JSON.stringify(search)}`);
          },
          async didEncounterErrors(rc) {
            calls.push(`errors:${rc.errors.map((e) => e.message).join(',')}`);
          },
          async willSendResponse(rc) {
            calls.push('send');
            if (rc.response.body.kind === 'single') rc.response.body.singleResult.extensions = { added: true };
          },
        };
      },
    };
    const direct = new DirectExecution({ schema, plugins: [plugin], formatError, logger: silent });
    const query = 'query Q { a boom }';
    assert.equal(await direct.run(post({ query }), context), undefined, 'a text Apollo has not validated is left to it');
    await learn(direct, query);
    const answer = await direct.run({ ...post({ query }, [['x-trace', 'abc']]), search: '?x=1' }, context);
    assert.ok(answer && answer.body.kind === 'complete');
    assert.deepEqual(calls, ['resolve:Q', 'http:POST application/json abc "?x=1"', 'errors:kaput', 'send']);
    assert.equal(answer.status, undefined);
    assert.equal(answer.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.deepEqual(JSON.parse(answer.body.string), {
      errors: [{ message: 'kaput', locations: [{ line: 1, column: 13 }], path: ['boom'], extensions: { code: 'FORBIDDEN' } }],
      data: { a: 'A', boom: null },
      extensions: { added: true },
    });
  });

  it('answers a refusal thrown in didResolveOperation with its status, before executing', async () => {
    const refusing: ApolloServerPlugin<GatewayContext> = {
      async requestDidStart() {
        return {
          async didResolveOperation() {
            throw new GraphQLError('too big', { extensions: { code: 'COST_LIMIT_EXCEEDED', http: { status: 400 } } });
          },
        };
      },
    };
    const direct = new DirectExecution({ schema, plugins: [refusing], formatError, logger: silent });
    await learn(direct, '{ boom }');
    const answer = await direct.run(post({ query: '{ boom }' }), context);
    assert.ok(answer && answer.body.kind === 'complete');
    assert.equal(answer.status, 400);
    assert.deepEqual(JSON.parse(answer.body.string), { errors: [{ message: 'too big', extensions: { code: 'COST_LIMIT_EXCEEDED' } }] });
  });

  it('runs everyRequest hooks that answer synchronously, a refusal thrown by one as Apollo would, the others still called', async () => {
    const calls: string[] = [];
    const refusing = everyRequest({
      didResolveOperation() {
        calls.push('refuse');
        throw new GraphQLError('too costly', { extensions: { code: 'COST_LIMIT_EXCEEDED', http: { status: 400 } } });
      },
    });
    const waiting = everyRequest({
      didResolveOperation: async () => {
        await new Promise((resolve) => setImmediate(resolve));
        calls.push('waited');
      },
      willSendResponse(rc) {
        calls.push(`send:${rc.response.body.kind}`);
      },
    });
    const direct = new DirectExecution({ schema, plugins: [refusing, waiting], formatError, logger: silent });
    await learn(direct, '{ a }');
    const answer = await direct.run(post({ query: '{ a }' }), context);
    assert.ok(answer && answer.body.kind === 'complete');
    assert.equal(answer.status, 400);
    assert.deepEqual(JSON.parse(answer.body.string), { errors: [{ message: 'too costly', extensions: { code: 'COST_LIMIT_EXCEEDED' } }] });
    // Both didResolveOperation hooks were called; the refusal answered without waiting for the other.
    assert.deepEqual(calls.slice(0, 2), ['refuse', 'send:single']);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(calls, ['refuse', 'send:single', 'waited']);

    // Through Apollo's side of the same plugin, a synchronous hook is still a promise.
    const listener = await waiting.requestDidStart?.({} as GraphQLRequestContext<GatewayContext>);
    const sent = listener?.willSendResponse?.({ response: { body: { kind: 'single' } } } as never);
    assert.ok(sent instanceof Promise);
    assert.equal(await sent, undefined);
  });

  it('steps aside for good when a plugin has a hook it does not run', async () => {
    let executions = 0;
    const tracing: ApolloServerPlugin<GatewayContext> = {
      async requestDidStart() {
        return {
          async executionDidStart() {
            executions++;
          },
        };
      },
    };
    const direct = new DirectExecution({ schema, plugins: [tracing], formatError, logger: silent });
    await learn(direct, '{ a }');
    assert.equal(await direct.run(post({ query: '{ a }' }), context), undefined);
    assert.equal(await direct.run(post({ query: '{ a }' }), context), undefined);
    assert.equal(executions, 0);
  });

  it('leaves to Apollo what it does not answer itself', async () => {
    const direct = new DirectExecution({ schema, plugins: [], formatError, logger: silent });
    await learn(direct, '{ a }');
    // The recorder keeps no mutation; one that were kept would still go to Apollo.
    await learn(direct, 'mutation { m }');
    const leftToApollo: [string, DirectRequest][] = [
      ['a GET', { ...post({ query: '{ a }' }), method: 'GET' }],
      ['a form body', { ...post({ query: '{ a }' }), headers: { 'content-type': 'text/plain' } }],
      ['a batch', post([{ query: '{ a }' }])],
      ['extensions', post({ query: '{ a }', extensions: { x: 1 } })],
      ['variables as a string', post({ query: '{ a }', variables: '{}' })],
      ['an unknown operation name', post({ query: '{ a }', operationName: 'Nope' })],
      ['a mutation', post({ query: 'mutation { m }' })],
      ['an Accept without JSON', post({ query: '{ a }' }, [['accept', 'text/csv']])],
    ];
    for (const [what, request] of leftToApollo) assert.equal(await direct.run(request, context), undefined, what);
    assert.ok(await direct.run(post({ query: '{ a }' }, [['accept', 'application/graphql-response+json']]), context));
    direct.disable();
    assert.equal(await direct.run(post({ query: '{ a }' }), context), undefined, 'disabled while the gateway stops');
  });
});

import 'reflect-metadata';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type GraphQLResolveInfo, graphql } from 'graphql';
import { Arg, type AuthCheckerFn, Authorized, buildSchema, Ctx, Field, Info, InputType, Query, Resolver } from 'type-graphql';
import { buildGatewaySchema } from '../../../src/server/build-schema.js';
import { leanRootResolvers } from '../../../src/server/lean-root-resolvers.js';

interface ProbeContext {
  role: string;
  calls: unknown[][];
}

@InputType()
class ProbeInput {
  @Field(() => String)
  text!: string;
}

@Resolver()
class ProbeResolver {
  @Authorized('admin')
  @Query(() => String)
  echo(
    @Arg('text', () => String) text: string,
    @Arg('tags', () => [String], { nullable: true }) tags: string[] | null,
    @Ctx() ctx: ProbeContext,
    @Info() info: GraphQLResolveInfo,
  ): string {
    ctx.calls.push([text, tags, info.fieldName, this instanceof ProbeResolver]);
    return `${text}:${tags?.join(',') ?? '-'}`;
  }

  @Authorized('admin')
  @Query(() => String)
  withInput(@Arg('input', () => ProbeInput) input: ProbeInput, @Ctx() ctx: ProbeContext): string {
    ctx.calls.push([input instanceof ProbeInput]);
    return input.text;
  }
}

const byRole: AuthCheckerFn<ProbeContext, string> = ({ context }, roles) => roles.includes(context.role);

async function probeSchema(checker: AuthCheckerFn<ProbeContext, string>) {
  const schema = await buildSchema({ resolvers: [ProbeResolver], validate: false, authChecker: checker, authMode: 'error' });
  return { schema, replaced: leanRootResolvers(schema, [ProbeResolver], checker) };
}

describe('lean root resolvers', () => {
  it('replaces the root fields with scalar arguments, and leaves an input class to type-graphql', async () => {
    const { replaced } = await probeSchema(byRole);
    assert.deepEqual(replaced, ['Query.echo']);
  });

  it('passes arguments, context and info as type-graphql does, on an instance of the resolver class', async () => {
    const { schema } = await probeSchema(byRole);
    const ctx: ProbeContext = { role: 'admin', calls: [] };
    const tags = ['a', 'b'];
    const result = await graphql({
      schema,
      source: 'query ($tags: [String!]) { echo(text: "hi", tags: $tags) withInput(input: { text: "in" }) }',
      variableValues: { tags },
      contextValue: ctx,
    });
    assert.deepEqual(result.errors, undefined);
    assert.deepEqual({ ...result.data }, { echo: 'hi:a,b', withInput: 'in' });
    assert.deepEqual(ctx.calls, [['hi', tags, 'echo', true], [true]]);
  });

  it('refuses before the method runs when the checker says no, returning false or throwing, at once or later', async () => {
    const checkers: [string, AuthCheckerFn<ProbeContext, string>, RegExp][] = [
      ['returns false', byRole, /Access denied/],
      ['resolves false', async (data, roles) => byRole(data, roles), /Access denied/],
      [
        'throws',
        () => {
          throw new Error('no such caller');
        },
        /no such caller/,
      ],
    ];
    for (const [how, checker, says] of checkers) {
      const { schema } = await probeSchema(checker);
      const ctx: ProbeContext = { role: 'viewer', calls: [] };
      const result = await graphql({ schema, source: '{ echo(text: "hi") }', contextValue: ctx });
      assert.equal(result.data, null, how);
      assert.match(result.errors?.[0]?.message ?? '', says, how);
      assert.deepEqual(ctx.calls, [], `${how}: the method ran`);
    }
  });

  it('covers the gateway’s lookups, and no field whose argument is an input class', async () => {
    const schema = await buildGatewaySchema();
    const lean = (type: 'Query' | 'Mutation', field: string) => {
      const root = type === 'Query' ? schema.getQueryType() : schema.getMutationType();
      return root?.getFields()[field]?.resolve?.name === 'leanRootResolve';
    };
    for (const field of ['user', 'node', 'person', 'userByEmail', 'me', 'sources', 'source']) assert.ok(lean('Query', field), `Query.${field}`);
    // Input classes are made instances of by type-graphql, so these keep its wrapping.
    for (const field of ['users', 'people']) assert.ok(!lean('Query', field), `Query.${field}`);
    for (const field of ['createUser', 'grantRole', 'offboard']) assert.ok(!lean('Mutation', field), `Mutation.${field}`);
  });
});

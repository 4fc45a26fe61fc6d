import type { GraphQLResolveInfo } from 'graphql';
import { EmailAddressResolver } from 'graphql-scalars';
import { Arg, Authorized, Ctx, FieldResolver, ID, Info, Int, Query, Resolver, Root } from 'type-graphql';
import type { Role } from '../config/config-schema.js';
import type { GatewayContext } from '../context.js';
import { inArgument } from '../errors.js';
import { decodeGlobalId, encodeUserId } from '../ids/global-id.js';
import { type Connection, DEFAULT_PAGE_SIZE, listUsers } from '../pagination/list-connection.js';
import { UserConnectionType } from '../schema/connection.types.js';
import { COUNT_COST, lookupCost, pageCost } from '../schema/cost.js';
import { NodeInterface } from '../schema/node.interface.js';
import { PersonType } from '../schema/person.type.js';
import { SourceType } from '../schema/source.type.js';
import { UserType } from '../schema/user.type.js';
import { toUserFilter, UserFilterInput } from '../schema/user-filter.input.js';
import type { SourceInfo, UnifiedUser } from '../sources/model.js';
import { sortByUserKey } from '../sources/user-order.js';
import { listDepsOf, reportFound } from './found.js';

@Resolver(() => UserType)
export class UserResolver {
  @Authorized<Role>('viewer')
  @Query(() => UserConnectionType, {
    nullable: true,
    complexity: pageCost,
    description:
      'Users of every source (or of `sources`), ordered by lower-case email, then source name. A source that fails adds an error; the others still answer.',
  })
  async users(
    @Arg('first', () => Int, { defaultValue: DEFAULT_PAGE_SIZE, description: 'Page size, 0 to 200.' }) first: number,
    @Arg('after', () => String, { description: 'A cursor from the previous page (pageInfo.endCursor); absent for the first page.', nullable: true }) after:
      | string
      | null,
    @Arg('filter', () => UserFilterInput, { description: 'Only users matching it (every condition given).', nullable: true }) filter: UserFilterInput | null,
    @Arg('sources', () => [String], { nullable: true, description: 'Only these sources (config names).' }) sources: string[] | null,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Connection<UnifiedUser>> {
    return reportFound(ctx, info, await listUsers(listDepsOf(ctx), { first, after, filter: toUserFilter(filter), sources }));
  }

  @Authorized<Role>('viewer')
  @Query(() => UserType, { nullable: true, complexity: lookupCost, description: 'A user by global id; null when the source has no such user.' })
  user(@Arg('id', () => ID, { description: 'A global id (User.id).' }) id: string, @Ctx() ctx: GatewayContext): Promise<UnifiedUser | null> {
    const { source, nativeId } = decodeGlobalId(id);
    inArgument('id', () => ctx.runtime(source));
    return ctx.loaders.userById.load({ source, nativeId });
  }

  @Authorized<Role>('viewer')
  @Query(() => NodeInterface, { nullable: true, complexity: lookupCost, description: 'Any object by global id (Relay).' })
  node(@Arg('id', () => ID, { description: 'A global id (User.id).' }) id: string, @Ctx() ctx: GatewayContext): Promise<UnifiedUser | null> {
    return this.user(id, ctx);
  }

  @Authorized<Role>('viewer')
  @Query(() => UserType, {
    nullable: true,
    complexity: lookupCost,
    description: 'The account with this email in one source (case-insensitive); null when there is none.',
  })
  async userByEmail(
    @Arg('source', () => String, { description: 'The config name of the source.' }) source: string,
    @Arg('email', () => EmailAddressResolver, { description: 'Any letter case.' }) email: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<UnifiedUser | null> {
    inArgument('source', () => ctx.runtime(source));
    const found = await ctx.loaders.usersByEmail.load({ source, email });
    return sortByUserKey([...found])[0] ?? null;
  }

  @Authorized<Role>('viewer')
  @Query(() => UserType, {
    nullable: true,
    complexity: lookupCost,
    description: 'The user the source credential belongs to. UNSUPPORTED_BY_SOURCE where the vendor cannot tell (DQOps).',
  })
  async me(@Arg('source', () => String, { description: 'The config name of the source.' }) source: string, @Ctx() ctx: GatewayContext): Promise<UnifiedUser> {
    const user = await inArgument('source', () => ctx.runtime(source)).adapter.currentUser(ctx.callContext(source));
    ctx.loaders.prime([user]);
    return user;
  }

  @FieldResolver(() => ID, {
    description: "Opaque and stable: made from the source name and the vendor's own key. Pass it to user(id:), node(id:) and the mutations.",
  })
  id(@Root() user: UnifiedUser): string {
    return encodeUserId(user.source, user.nativeId);
  }

  @FieldResolver(() => SourceType, { description: 'The source that holds this account.' })
  source(@Root() user: UnifiedUser, @Ctx() ctx: GatewayContext): SourceInfo {
    return ctx.runtime(user.source).info;
  }

  @FieldResolver(() => PersonType, { nullable: true, description: 'Everyone with this email across sources; null for an account without an email.' })
  person(@Root() user: UnifiedUser): { email: string } | null {
    return user.email ? { email: user.email.toLowerCase() } : null;
  }
}

@Resolver(() => UserConnectionType)
export class UserConnectionResolver {
  @FieldResolver(() => Int, {
    complexity: COUNT_COST,
    description: 'Users in the whole list, across the sources that answered. Can cost upstream calls: ask only when needed.',
  })
  async totalCount(@Root() connection: Connection<UnifiedUser>, @Ctx() ctx: GatewayContext, @Info() info: GraphQLResolveInfo): Promise<number> {
    return reportFound(ctx, info, await connection.totalCount());
  }
}

import type { GraphQLResolveInfo } from 'graphql';
import { EmailAddressResolver } from 'graphql-scalars';
import { Arg, Authorized, Ctx, FieldResolver, Info, Int, Query, Resolver, Root } from 'type-graphql';
import type { Role } from '../config/config-schema.js';
import type { GatewayContext } from '../context.js';
import { GatewayError } from '../errors.js';
import { type Connection, DEFAULT_PAGE_SIZE, listPeople } from '../pagination/list-connection.js';
import { PersonConnectionType } from '../schema/connection.types.js';
import { COUNT_COST, listLookupCost, lookupCost, pageCost } from '../schema/cost.js';
import { PermissionLevel } from '../schema/enums.js';
import { PermissionType } from '../schema/permission.type.js';
import { PersonType } from '../schema/person.type.js';
import { SourceType } from '../schema/source.type.js';
import { UserType } from '../schema/user.type.js';
import { toUserFilter, UserFilterInput } from '../schema/user-filter.input.js';
import type { PermissionLevel as Level, Permission, SourceInfo, UnifiedUser } from '../sources/model.js';
import { LEVEL_RANK, sortByUserKey } from '../sources/user-order.js';
import { listDepsOf, pathOf, reportFound } from './found.js';

interface PersonRoot {
  email: string;
}

/**
 * Every account with this email in every source, in key order. A source that fails is left out and
 * reported once; the others' accounts still come back. Costs no call where the request has already
 * listed the source (loaders and window coverage).
 */
export async function accountsOf(ctx: GatewayContext, email: string, info: GraphQLResolveInfo): Promise<UnifiedUser[]> {
  const { accounts, failures } = await accountsAndFailures(ctx, email);
  // The path only when there is something to report: a page of people asks this 50 times.
  if (failures.length > 0) {
    const path = pathOf(info);
    for (const failure of failures) ctx.partial.add(failure, path);
  }
  return accounts;
}

/** accountsOf's accounts, and the errors of the sources that could not be asked, for the caller to report. */
export async function accountsAndFailures(ctx: GatewayContext, email: string): Promise<{ accounts: UnifiedUser[]; failures: GatewayError[] }> {
  const failures: GatewayError[] = [];
  const perSource = await Promise.all(
    ctx.sources.map(async (source) => {
      try {
        return await ctx.loaders.usersByEmail.load({ source: source.name, email });
      } catch (err) {
        if (!(err instanceof GatewayError)) throw err;
        failures.push(err);
        return [];
      }
    }),
  );
  return { accounts: sortByUserKey(perSource.flat()), failures };
}

@Resolver(() => PersonType)
export class PersonResolver {
  @Authorized<Role>('viewer')
  @Query(() => PersonType, {
    nullable: true,
    complexity: lookupCost,
    description: 'Everyone with this email, in every source; null when no source has an account with it.',
  })
  async person(
    @Arg('email', () => EmailAddressResolver, { description: 'Any letter case.' }) email: string,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<PersonRoot | null> {
    const accounts = await accountsOf(ctx, email, info);
    return accounts.length > 0 ? { email: email.toLowerCase() } : null;
  }

  @Authorized<Role>('viewer')
  @Query(() => PersonConnectionType, {
    nullable: true,
    complexity: pageCost,
    description: 'People with an account matching the filter, ordered by lower-case email.',
  })
  async people(
    @Arg('first', () => Int, { defaultValue: DEFAULT_PAGE_SIZE, description: 'Page size, 0 to 200.' }) first: number,
    @Arg('after', () => String, { description: 'A cursor from the previous page (pageInfo.endCursor); absent for the first page.', nullable: true }) after:
      | string
      | null,
    @Arg('filter', () => UserFilterInput, { description: 'Only people with an account matching it.', nullable: true }) filter: UserFilterInput | null,
    @Arg('sources', () => [String], { nullable: true, description: 'Only people with an account in these sources.' }) sources: string[] | null,
    @Arg('onlyIn', () => [String], { nullable: true, description: 'Only people with an account (passing `filter`) in every one of these sources.' })
    onlyIn: string[] | null,
    @Arg('missingFrom', () => [String], {
      nullable: true,
      description:
        'Only people with no account (passing `filter`) in any of these sources: e.g. access in Rockset for someone missing from the Waldur directory.',
    })
    missingFrom: string[] | null,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Connection<PersonRoot>> {
    const presence = onlyIn || missingFrom ? { onlyIn: onlyIn ?? [], missingFrom: missingFrom ?? [] } : undefined;
    return reportFound(
      ctx,
      info,
      await listPeople(listDepsOf(ctx), { first, after, filter: toUserFilter(filter), sources, ...(presence ? { presence } : {}) }),
    );
  }

  // A field of its own rather than `email`: a router answers a key field from the reference.
  @FieldResolver(() => String, { description: 'The email lower-cased, as usergraph matches people: the same in a supergraph and out of it.' })
  normalizedEmail(@Root() person: PersonRoot): string {
    return person.email.toLowerCase();
  }

  @FieldResolver(() => [UserType], { complexity: listLookupCost, description: 'Every account with this email, in every source.' })
  accounts(@Root() person: PersonRoot, @Ctx() ctx: GatewayContext, @Info() info: GraphQLResolveInfo): Promise<UnifiedUser[]> {
    return accountsOf(ctx, person.email, info);
  }

  @FieldResolver(() => String, { description: "The first account's names that are more than the email, else the email." })
  async displayName(@Root() person: PersonRoot, @Ctx() ctx: GatewayContext, @Info() info: GraphQLResolveInfo): Promise<string> {
    const accounts = await accountsOf(ctx, person.email, info);
    return accounts.find((a) => a.displayName.toLowerCase() !== person.email && a.displayName !== a.nativeId)?.displayName ?? person.email;
  }

  @FieldResolver(() => [PermissionType], { complexity: listLookupCost, description: "Every account's permissions." })
  async permissions(@Root() person: PersonRoot, @Ctx() ctx: GatewayContext, @Info() info: GraphQLResolveInfo): Promise<Permission[]> {
    return (await accountsOf(ctx, person.email, info)).flatMap((a) => a.permissions);
  }

  @FieldResolver(() => [SourceType], { description: 'The sources that have an account with this email.' })
  async sources(@Root() person: PersonRoot, @Ctx() ctx: GatewayContext, @Info() info: GraphQLResolveInfo): Promise<SourceInfo[]> {
    const names = new Set((await accountsOf(ctx, person.email, info)).map((a) => a.source));
    return ctx.sources.filter((s) => names.has(s.name));
  }

  @FieldResolver(() => PermissionLevel, { description: "The highest level any of the person's accounts holds anywhere; NONE when none holds a permission." })
  async highestLevel(@Root() person: PersonRoot, @Ctx() ctx: GatewayContext, @Info() info: GraphQLResolveInfo): Promise<Level> {
    let highest: Level = 'NONE';
    for (const account of await accountsOf(ctx, person.email, info)) {
      for (const p of account.permissions) if (LEVEL_RANK[p.level] > LEVEL_RANK[highest]) highest = p.level;
    }
    return highest;
  }
}

@Resolver(() => PersonConnectionType)
export class PersonConnectionResolver {
  @FieldResolver(() => Int, {
    complexity: COUNT_COST,
    description: 'People in the whole list, across the sources that answered. Reads every matching user: ask only when needed.',
  })
  async totalCount(@Root() connection: Connection<PersonRoot>, @Ctx() ctx: GatewayContext, @Info() info: GraphQLResolveInfo): Promise<number> {
    return reportFound(ctx, info, await connection.totalCount());
  }
}

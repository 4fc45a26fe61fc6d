import { DateTimeResolver } from 'graphql-scalars';
import { Arg, Authorized, Ctx, FieldResolver, Float, Query, Resolver, Root } from 'type-graphql';
import type { Role } from '../config/config-schema.js';
import type { GatewayContext } from '../context.js';
import { type HealthSnapshot, type StatusReason as Reason, type SourceStatus as Status, UNKNOWN_HEALTH } from '../http/source-health.js';
import type { SnapshotStats } from '../loaders/shared-snapshots.js';
import { RoleDefinitionType } from '../schema/role-definition.type.js';
import { SourceType } from '../schema/source.type.js';
import { SourceCacheType, SourceErrorType, SourceStatus, SourceStatusReason } from '../schema/source-health.type.js';
import type { RoleDefinition, SourceInfo } from '../sources/model.js';
import { ROLE_CATALOG } from '../sources/role-catalog.js';

@Resolver(() => SourceType)
export class SourceResolver {
  @Authorized<Role>('viewer')
  @Query(() => [SourceType], { nullable: true, description: 'Every configured source, in config order.' })
  sources(@Ctx() ctx: GatewayContext): readonly SourceInfo[] {
    return ctx.sources;
  }

  @Authorized<Role>('viewer')
  @Query(() => SourceType, { nullable: true, description: 'One source by its config name; null when no source has that name.' })
  source(@Arg('name', () => String, { description: "The source's config name." }) name: string, @Ctx() ctx: GatewayContext): SourceInfo | null {
    return ctx.sources.find((s) => s.name === name) ?? null;
  }

  @FieldResolver(() => SourceStatus, { description: 'UP, DEGRADED, DOWN (circuit open) or UNKNOWN, from the recent calls; calls no vendor.' })
  status(@Root() source: SourceInfo, @Ctx() ctx: GatewayContext): Status {
    return healthOf(ctx, source).status;
  }

  @FieldResolver(() => SourceStatusReason, {
    description: 'Why the source has its status: a DOWN source says whether its circuit is open, its credential refused or its probe failed.',
  })
  statusReason(@Root() source: SourceInfo, @Ctx() ctx: GatewayContext): Reason {
    return healthOf(ctx, source).reason;
  }

  @FieldResolver(() => SourceErrorType, { nullable: true, description: 'The last failed call, if any.' })
  lastError(@Root() source: SourceInfo, @Ctx() ctx: GatewayContext): HealthSnapshot['lastError'] {
    return healthOf(ctx, source).lastError;
  }

  @FieldResolver(() => Float, { nullable: true, description: 'Median latency of the recent calls, in ms; null before the first.' })
  latencyMs(@Root() source: SourceInfo, @Ctx() ctx: GatewayContext): number | null {
    return healthOf(ctx, source).latencyMs;
  }

  @FieldResolver(() => SourceCacheType, {
    nullable: true,
    description: 'The shared snapshots: the whole list (DQOps, Rockset) or its windows (Waldur); null with cache.listTtlMs 0.',
  })
  cache(@Root() source: SourceInfo, @Ctx() ctx: GatewayContext): SnapshotStats | null {
    const runtime = ctx.runtime(source.name);
    const snapshots = runtime.snapshots ?? runtime.windows;
    return snapshots?.enabled ? snapshots.stats() : null;
  }

  @FieldResolver(() => [RoleDefinitionType], {
    description: 'The roles grantRole accepts for this source, with their levels and scopes; any other role is refused before a call.',
  })
  roles(@Root() source: SourceInfo): readonly RoleDefinition[] {
    return ROLE_CATALOG[source.vendor];
  }

  @FieldResolver(() => DateTimeResolver, { nullable: true, description: 'While DOWN: when the next probe call is let through.' })
  retryAt(@Root() source: SourceInfo, @Ctx() ctx: GatewayContext): Date | null {
    return healthOf(ctx, source).halfOpenAt;
  }
}

function healthOf(ctx: GatewayContext, source: SourceInfo): HealthSnapshot {
  return ctx.runtime(source.name).adapter.health?.() ?? UNKNOWN_HEALTH;
}

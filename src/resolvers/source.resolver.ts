import { Arg, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import type { Role } from '../config/config-schema.js';
import type { GatewayContext } from '../context.js';
import { SourceType } from '../schema/source.type.js';
import type { SourceInfo } from '../sources/model.js';

@Resolver(() => SourceType)
export class SourceResolver {
  @Authorized<Role>('viewer')
  @Query(() => [SourceType], { description: 'Every configured source, in config order.' })
  sources(@Ctx() ctx: GatewayContext): readonly SourceInfo[] {
    return ctx.sources;
  }

  @Authorized<Role>('viewer')
  @Query(() => SourceType, { nullable: true, description: 'One source by its config name; null when no source has that name.' })
  source(@Arg('name', () => String) name: string, @Ctx() ctx: GatewayContext): SourceInfo | null {
    return ctx.sources.find((s) => s.name === name) ?? null;
  }
}

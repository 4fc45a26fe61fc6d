import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { GatewayContext } from '../context.js';
import { PermissionType } from '../schema/permission.type.js';
import { SourceType } from '../schema/source.type.js';
import type { Permission, SourceInfo } from '../sources/model.js';

@Resolver(() => PermissionType)
export class PermissionResolver {
  @FieldResolver(() => SourceType, { description: 'The source the permission is held in.' })
  source(@Root() permission: Permission, @Ctx() ctx: GatewayContext): SourceInfo {
    return ctx.runtime(permission.source).info;
  }
}

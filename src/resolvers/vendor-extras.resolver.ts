import { Arg, Authorized, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { Role } from '../config/config-schema.js';
import type { GatewayContext } from '../context.js';
import { GatewayError, inArgument } from '../errors.js';
import { decodeGlobalId } from '../ids/global-id.js';
import { listLookupCost, lookupCost } from '../schema/cost.js';
import { NotificationPreferenceType, UserTokenType } from '../schema/user-token.type.js';
import type { NotificationPreference, UserToken } from '../sources/model.js';
import { serviceAccountRefusal } from './service-account-guard.js';

/** Reads only one vendor offers; any other source answers UNSUPPORTED_BY_SOURCE without a call. */
@Resolver()
export class VendorExtrasResolver {
  @Authorized<Role>('admin')
  @Query(() => UserTokenType, { nullable: true, complexity: lookupCost, description: "A user's API token (Waldur). A secret: for administrators." })
  async userToken(@Arg('userId', () => ID, { description: 'The Waldur user (User.id).' }) userId: string, @Ctx() ctx: GatewayContext): Promise<UserToken> {
    const { source, nativeId } = decodeGlobalId(userId, 'userId');
    const adapter = inArgument('userId', () => ctx.runtime(source)).adapter;
    if (adapter.info.capabilities.includes('READ_USER_TOKEN')) {
      const refusal = await serviceAccountRefusal(ctx, source, nativeId);
      if (refusal) throw new GatewayError('FORBIDDEN', refusal);
    }
    return adapter.userToken(ctx.callContext(source), nativeId);
  }

  @Authorized<Role>('viewer')
  @Query(() => [NotificationPreferenceType], {
    nullable: true,
    complexity: listLookupCost,
    description: "The notification types the source credential's owner has unsubscribed from (Rockset).",
  })
  notificationPreferences(
    @Arg('source', () => String, { description: 'The config name of the Rockset source.' }) source: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<NotificationPreference[]> {
    return inArgument('source', () => ctx.runtime(source)).adapter.notificationPreferences(ctx.callContext(source));
  }
}

import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { GatewayContext } from '../context.js';
import { decodeGlobalId } from '../ids/global-id.js';
import { NotificationPreferenceType, UserTokenType } from '../schema/user-token.type.js';
import type { NotificationPreference, UserToken } from '../sources/model.js';

/** Reads only one vendor offers; any other source answers UNSUPPORTED_BY_SOURCE without a call. */
@Resolver()
export class VendorExtrasResolver {
  @Query(() => UserTokenType, { nullable: true, description: "A user's API token (Waldur). A secret: for administrators." })
  userToken(@Arg('userId', () => ID) userId: string, @Ctx() ctx: GatewayContext): Promise<UserToken> {
    const { source, nativeId } = decodeGlobalId(userId, 'userId');
    return ctx.runtime(source).adapter.userToken(ctx.callContext(source), nativeId);
  }

  @Query(() => [NotificationPreferenceType], {
    nullable: true,
    description: "The notification types the source credential's owner has unsubscribed from (Rockset).",
  })
  notificationPreferences(@Arg('source', () => String) source: string, @Ctx() ctx: GatewayContext): Promise<NotificationPreference[]> {
    return ctx.runtime(source).adapter.notificationPreferences(ctx.callContext(source));
  }
}

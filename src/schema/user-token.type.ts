import { DateTimeResolver } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';
import type { NotificationPreference, UserToken } from '../sources/model.js';

@ObjectType('UserToken', { simpleResolvers: true, description: 'A Waldur API token. A secret: ask for it only when you need it.' })
export class UserTokenType implements UserToken {
  @Field(() => String, { description: 'The token itself: a secret, never logged.' })
  token!: string;

  @Field(() => DateTimeResolver, { description: 'When the token was issued; null where Waldur does not say.', nullable: true })
  created!: Date | null;

  @Field(() => Int, { description: 'How long the token lives, in seconds; null for no limit.', nullable: true })
  lifetimeSeconds!: number | null;

  @Field(() => DateTimeResolver, { nullable: true, description: 'created + lifetime, when both are known.' })
  expiresAt!: Date | null;
}

@ObjectType('NotificationPreference', { simpleResolvers: true, description: 'A Rockset notification type the user has unsubscribed from.' })
export class NotificationPreferenceType implements NotificationPreference {
  @Field(() => String, { description: 'e.g. `create_apikey`' })
  notificationType!: string;
}

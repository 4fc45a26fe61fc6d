import { DateTimeResolver } from 'graphql-scalars';
import { Field, ID, InputType } from 'type-graphql';
import type { ScopeKind as Kind } from '../sources/model.js';
import { ScopeKind } from './enums.js';

@InputType('PermissionScopeInput')
export class PermissionScopeInput {
  @Field(() => ScopeKind, { description: 'DQOps: ACCOUNT or DATA_DOMAIN; Waldur: CUSTOMER or PROJECT; Rockset: ORGANIZATION.' })
  kind!: Kind;

  @Field(() => String, { nullable: true, description: 'The data domain name, or the Waldur customer/project uuid; absent for ACCOUNT and ORGANIZATION.' })
  id?: string | null;
}

@InputType('GrantRoleInput')
export class GrantRoleInput {
  @Field(() => ID) userId!: string;

  @Field(() => String, { description: "The vendor's role name: `editor`, `PROJECT.ADMIN`, `member`." })
  role!: string;

  @Field(() => PermissionScopeInput) scope!: PermissionScopeInput;

  @Field(() => DateTimeResolver, {
    nullable: true,
    description: 'Waldur only: when the role ends (in the future); null for never. Granting a held role again changes only this.',
  })
  expiresAt?: Date | null;
}

@InputType('RevokeRoleInput')
export class RevokeRoleInput {
  @Field(() => ID) userId!: string;
  @Field(() => String) role!: string;
  @Field(() => PermissionScopeInput) scope!: PermissionScopeInput;
}

@InputType('ChangePasswordInput')
export class ChangePasswordInput {
  @Field(() => ID) userId!: string;

  @Field(() => String, { description: '1 to 4096 characters. Never logged or echoed.' })
  password!: string;
}

@InputType('ChangeMyPasswordInput', { description: 'Changes the password of the user the source credential belongs to.' })
export class ChangeMyPasswordInput {
  @Field(() => String) source!: string;

  @Field(() => String, { description: '1 to 4096 characters. Never logged or echoed.' })
  password!: string;
}

@InputType('RequestEmailChangeInput', { description: 'Waldur emails a confirmation code to the new address.' })
export class RequestEmailChangeInput {
  @Field(() => ID) userId!: string;
  @Field(() => String) email!: string;
}

@InputType('ConfirmEmailChangeInput')
export class ConfirmEmailChangeInput {
  @Field(() => String) source!: string;

  @Field(() => String, { description: 'The code Waldur emailed to the new address.' })
  code!: string;

  @Field(() => ID, { nullable: true, description: 'The user, to return them changed in the payload (the vendor knows them from the code).' })
  userId?: string;
}

@InputType('SetNotificationPreferencesInput', { description: "Replaces the notification types the source credential's owner has unsubscribed from (Rockset)." })
export class SetNotificationPreferencesInput {
  @Field(() => String) source!: string;
  @Field(() => [String], { description: 'e.g. ["create_apikey"]; [] subscribes to everything.' }) notificationTypes!: string[];
}

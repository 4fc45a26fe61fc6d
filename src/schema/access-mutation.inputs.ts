import { DateTimeResolver } from 'graphql-scalars';
import { Field, ID, InputType } from 'type-graphql';
import type { ScopeKind as Kind } from '../sources/model.js';
import { ScopeKind } from './enums.js';

@InputType('PermissionScopeInput', { description: 'Where a role applies.' })
export class PermissionScopeInput {
  @Field(() => ScopeKind, { description: 'DQOps: ACCOUNT or DATA_DOMAIN; Waldur: CUSTOMER or PROJECT; Rockset: ORGANIZATION.' })
  kind!: Kind;

  @Field(() => String, { nullable: true, description: 'The data domain name, or the Waldur customer/project uuid; absent for ACCOUNT and ORGANIZATION.' })
  id?: string | null;
}

@InputType('GrantRoleInput', { description: 'Gives a user one role in one scope; the role must be one of Source.roles.' })
export class GrantRoleInput {
  @Field(() => ID, { description: 'The user (User.id) who gets the role.' }) userId!: string;

  @Field(() => String, { description: "The vendor's role name: `editor`, `PROJECT.ADMIN`, `member`." })
  role!: string;

  @Field(() => PermissionScopeInput, { description: 'Where the role applies; Source.roles says which scope kinds each role takes.' })
  scope!: PermissionScopeInput;

  @Field(() => DateTimeResolver, {
    nullable: true,
    description: 'Waldur only: when the role ends (in the future); null for never. Granting a held role again changes only this.',
  })
  expiresAt?: Date | null;
}

@InputType('RevokeRoleInput', { description: 'Takes one role in one scope from a user.' })
export class RevokeRoleInput {
  @Field(() => ID, { description: 'The user (User.id) who loses the role.' }) userId!: string;
  @Field(() => String, { description: "The vendor's role name as the user holds it (any role they hold, custom ones included)." }) role!: string;
  @Field(() => PermissionScopeInput, { description: 'Where the role is held.' }) scope!: PermissionScopeInput;
}

@InputType('ChangePasswordInput', { description: "Sets another user's password (DQOps, Waldur)." })
export class ChangePasswordInput {
  @Field(() => ID, { description: 'The user (User.id) whose password is set.' }) userId!: string;

  @Field(() => String, { description: '1 to 4096 characters. Never logged or echoed.' })
  password!: string;
}

@InputType('ChangeMyPasswordInput', { description: 'Changes the password of the user the source credential belongs to.' })
export class ChangeMyPasswordInput {
  @Field(() => String, { description: 'The config name of the source whose credential owner gets the new password.' }) source!: string;

  @Field(() => String, { description: '1 to 4096 characters. Never logged or echoed.' })
  password!: string;
}

@InputType('RequestEmailChangeInput', { description: 'Waldur emails a confirmation code to the new address.' })
export class RequestEmailChangeInput {
  @Field(() => ID, { description: 'The Waldur user (User.id) whose email changes.' }) userId!: string;
  @Field(() => String, { description: 'The new address; the code goes there.' }) email!: string;
}

@InputType('ConfirmEmailChangeInput', { description: 'Completes an email change with the code Waldur mailed to the new address.' })
export class ConfirmEmailChangeInput {
  @Field(() => String, { description: 'The config name of the Waldur source that sent the code.' }) source!: string;

  @Field(() => String, { description: 'The code Waldur emailed to the new address.' })
  code!: string;

  @Field(() => ID, { nullable: true, description: 'The user, to return them changed in the payload (the vendor knows them from the code).' })
  userId?: string;
}

@InputType('SetNotificationPreferencesInput', { description: "Replaces the notification types the source credential's owner has unsubscribed from (Rockset)." })
export class SetNotificationPreferencesInput {
  @Field(() => String, { description: 'The config name of the Rockset source.' }) source!: string;
  @Field(() => [String], { description: 'e.g. ["create_apikey"]; [] subscribes to everything.' }) notificationTypes!: string[];
}

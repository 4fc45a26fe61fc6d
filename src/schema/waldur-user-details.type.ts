import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';
import type { WaldurPermissionDetails, WaldurUserDetails } from '../sources/model.js';

@ObjectType('WaldurPermissionDetails', { description: 'One entry of Waldur `User.permissions`, field for field.' })
export class WaldurPermissionDetailsType implements WaldurPermissionDetails {
  @Field(() => String) userUuid!: string;
  @Field(() => String, { nullable: true }) userName!: string | null;
  @Field(() => String, { nullable: true }) userSlug!: string | null;
  @Field(() => DateTimeResolver, { nullable: true }) created!: Date | null;
  @Field(() => DateTimeResolver, { nullable: true }) expirationTime!: Date | null;
  @Field(() => String, { nullable: true }) createdByFullName!: string | null;
  @Field(() => String, { nullable: true }) createdByUsername!: string | null;
  @Field(() => String) roleName!: string;
  @Field(() => String, { nullable: true }) roleDescription!: string | null;
  @Field(() => String, { nullable: true }) roleUuid!: string | null;
  @Field(() => String, { nullable: true }) scopeType!: string | null;
  @Field(() => String, { nullable: true }) scopeUuid!: string | null;
  @Field(() => String, { nullable: true }) scopeName!: string | null;
  @Field(() => String, { nullable: true }) customerUuid!: string | null;
  @Field(() => String, { nullable: true }) customerName!: string | null;
}

@ObjectType('WaldurUserDetails', { description: 'Waldur 7.9 `User`, every documented field but `token` (see the `userToken` query).' })
export class WaldurUserDetailsType implements Omit<WaldurUserDetails, 'vendor'> {
  @Field(() => String, { nullable: true }) url!: string | null;
  @Field(() => String) uuid!: string;
  @Field(() => String) username!: string;
  @Field(() => String, { nullable: true }) slug!: string | null;
  @Field(() => String, { nullable: true }) fullName!: string | null;
  @Field(() => String, { nullable: true }) nativeName!: string | null;
  @Field(() => String, { nullable: true }) jobTitle!: string | null;
  @Field(() => String, { nullable: true }) email!: string | null;
  @Field(() => String, { nullable: true }) phoneNumber!: string | null;
  @Field(() => String, { nullable: true }) organization!: string | null;
  @Field(() => String, { nullable: true }) civilNumber!: string | null;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => Boolean, { nullable: true }) isStaff!: boolean | null;
  @Field(() => Boolean, { nullable: true }) isActive!: boolean | null;
  @Field(() => Boolean, { nullable: true }) isSupport!: boolean | null;
  @Field(() => Int, { nullable: true, description: 'Token lifetime in seconds.' }) tokenLifetime!: number | null;
  @Field(() => DateTimeResolver, { nullable: true }) tokenExpiresAt!: Date | null;
  @Field(() => String, { nullable: true }) registrationMethod!: string | null;
  @Field(() => DateTimeResolver, { nullable: true }) dateJoined!: Date | null;
  @Field(() => DateTimeResolver, { nullable: true }) agreementDate!: Date | null;
  @Field(() => Boolean, { nullable: true }) notificationsEnabled!: boolean | null;
  @Field(() => String, { nullable: true }) preferredLanguage!: string | null;
  @Field(() => [WaldurPermissionDetailsType]) permissions!: WaldurPermissionDetails[];
  @Field(() => String, { nullable: true, description: 'An email change waiting for confirmation.' }) requestedEmail!: string | null;
  @Field(() => JSONResolver, { nullable: true, description: 'Untyped in the vendor spec; passed on as JSON.' }) affiliations!: unknown;
  @Field(() => String, { nullable: true }) firstName!: string | null;
  @Field(() => String, { nullable: true }) lastName!: string | null;
  @Field(() => String, { nullable: true, description: 'A date, YYYY-MM-DD.' }) birthDate!: string | null;
  @Field(() => String, { nullable: true }) identityProviderName!: string | null;
  @Field(() => String, { nullable: true }) identityProviderLabel!: string | null;
  @Field(() => String, { nullable: true }) identityProviderManagementUrl!: string | null;
  @Field(() => [String]) identityProviderFields!: string[];
  @Field(() => String, { nullable: true }) image!: string | null;
  @Field(() => String, { nullable: true }) identitySource!: string | null;
  @Field(() => Boolean, { nullable: true }) hasActiveSession!: boolean | null;
  @Field(() => String, { nullable: true }) ipAddress!: string | null;
}

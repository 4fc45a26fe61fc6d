import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import { Field, Int, ObjectType, UseMiddleware } from 'type-graphql';
import { personalData } from '../resolvers/personal-data.js';
import type { WaldurPermissionDetails, WaldurUserDetails } from '../sources/model.js';

@ObjectType('WaldurPermissionDetails', { simpleResolvers: true, description: 'One entry of Waldur `User.permissions`, field for field.' })
export class WaldurPermissionDetailsType implements WaldurPermissionDetails {
  @Field(() => String, { description: "The grantee's uuid." }) userUuid!: string;
  @Field(() => String, { description: "The grantee's full name.", nullable: true }) userName!: string | null;
  @Field(() => String, { description: "The grantee's slug.", nullable: true }) userSlug!: string | null;
  @Field(() => DateTimeResolver, { description: 'When the grant was made.', nullable: true }) created!: Date | null;
  @Field(() => DateTimeResolver, { description: 'When the grant ends; null for never.', nullable: true }) expirationTime!: Date | null;
  @Field(() => String, { description: 'Who granted it: their full name.', nullable: true }) createdByFullName!: string | null;
  @Field(() => String, { description: 'Who granted it: their username.', nullable: true }) createdByUsername!: string | null;
  @Field(() => String, { description: 'The role, e.g. `PROJECT.ADMIN`.' }) roleName!: string;
  @Field(() => String, { description: "Waldur's description of the role.", nullable: true }) roleDescription!: string | null;
  @Field(() => String, { description: 'The uuid of the role.', nullable: true }) roleUuid!: string | null;
  @Field(() => String, { description: "`customer` or `project` (Waldur's model name).", nullable: true }) scopeType!: string | null;
  @Field(() => String, { description: 'The uuid of the customer or project.', nullable: true }) scopeUuid!: string | null;
  @Field(() => String, { description: "The customer's or project's name.", nullable: true }) scopeName!: string | null;
  @Field(() => String, { description: 'The uuid of the customer the scope belongs to.', nullable: true }) customerUuid!: string | null;
  @Field(() => String, { description: 'The customer the scope belongs to.', nullable: true }) customerName!: string | null;
}

const PERSONAL = 'Personal data: null with FORBIDDEN unless the caller is an admin or holds the pii grant.';

@ObjectType('WaldurUserDetails', { description: 'Waldur 7.9 `User`, every documented field but `token` (see the `userToken` query).' })
export class WaldurUserDetailsType implements Omit<WaldurUserDetails, 'vendor'> {
  @Field(() => String, { description: "The user's URL in the Waldur API.", nullable: true }) url!: string | null;
  @Field(() => String, { description: "Waldur's id of the user (User.nativeId)." }) uuid!: string;
  @Field(() => String, { description: 'The sign-in name.' }) username!: string;
  @Field(() => String, { description: "Waldur's short name for the user.", nullable: true }) slug!: string | null;
  @Field(() => String, { description: "Waldur's display name.", nullable: true }) fullName!: string | null;
  @Field(() => String, { description: "The name in the user's own script.", nullable: true }) nativeName!: string | null;
  @Field(() => String, { description: 'Job title.', nullable: true }) jobTitle!: string | null;
  @Field(() => String, { description: 'As Waldur has it.', nullable: true }) email!: string | null;
  @Field(() => String, { nullable: true, description: PERSONAL })
  @UseMiddleware(personalData)
  phoneNumber!: string | null;
  @Field(() => String, { description: "The user's organization, as free text.", nullable: true }) organization!: string | null;
  @Field(() => String, { nullable: true, description: PERSONAL })
  @UseMiddleware(personalData)
  civilNumber!: string | null;
  @Field(() => String, { description: 'Free text about the user (staff may set it).', nullable: true }) description!: string | null;
  @Field(() => Boolean, { description: 'Waldur staff: every permission in the installation.', nullable: true }) isStaff!: boolean | null;
  @Field(() => Boolean, { description: 'False when the account is deactivated.', nullable: true }) isActive!: boolean | null;
  @Field(() => Boolean, { description: 'Waldur support: read access across the installation.', nullable: true }) isSupport!: boolean | null;
  @Field(() => Int, { nullable: true, description: 'Token lifetime in seconds.' }) tokenLifetime!: number | null;
  @Field(() => DateTimeResolver, { description: 'When the API token expires; null for never.', nullable: true }) tokenExpiresAt!: Date | null;
  @Field(() => String, { description: "How the account was made (`default`, an identity provider's name).", nullable: true }) registrationMethod!:
    | string
    | null;
  @Field(() => DateTimeResolver, { description: 'When the account was created.', nullable: true }) dateJoined!: Date | null;
  @Field(() => DateTimeResolver, { description: 'When the user agreed to the terms of service.', nullable: true }) agreementDate!: Date | null;
  @Field(() => Boolean, { description: 'Whether Waldur emails the user.', nullable: true }) notificationsEnabled!: boolean | null;
  @Field(() => String, { description: 'Language code, e.g. `en`.', nullable: true }) preferredLanguage!: string | null;
  @Field(() => [WaldurPermissionDetailsType], { description: 'Every grant the user holds, as Waldur lists it.' }) permissions!: WaldurPermissionDetails[];
  @Field(() => String, { nullable: true, description: 'An email change waiting for confirmation.' }) requestedEmail!: string | null;
  @Field(() => JSONResolver, { nullable: true, description: 'Untyped in the vendor spec; passed on as JSON.' }) affiliations!: unknown;
  @Field(() => String, { description: 'Given name.', nullable: true }) firstName!: string | null;
  @Field(() => String, { description: 'Family name.', nullable: true }) lastName!: string | null;
  @Field(() => String, { nullable: true, description: `A date, YYYY-MM-DD. ${PERSONAL}` })
  @UseMiddleware(personalData)
  birthDate!: string | null;
  @Field(() => String, { description: "The identity provider's name.", nullable: true }) identityProviderName!: string | null;
  @Field(() => String, { description: "The identity provider's label, as shown to users.", nullable: true }) identityProviderLabel!: string | null;
  @Field(() => String, { description: 'Where the identity provider lets the user manage the account.', nullable: true }) identityProviderManagementUrl!:
    | string
    | null;
  @Field(() => [String], { description: 'Fields the identity provider owns (they cannot be changed in Waldur).' }) identityProviderFields!: string[];
  @Field(() => String, { description: "The URL of the user's picture.", nullable: true }) image!: string | null;
  @Field(() => String, { description: "Where the identity came from (e.g. an identity provider's name).", nullable: true }) identitySource!: string | null;
  @Field(() => Boolean, { description: 'Whether the user is signed in now.', nullable: true }) hasActiveSession!: boolean | null;
  @Field(() => String, { nullable: true, description: PERSONAL })
  @UseMiddleware(personalData)
  ipAddress!: string | null;
}

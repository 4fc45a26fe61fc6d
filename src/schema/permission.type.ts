import { DateTimeResolver } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import type { ScopeKind as Kind, PermissionLevel as Level, Permission, PermissionScope } from '../sources/model.js';
import { PermissionLevel, ScopeKind } from './enums.js';
import { SourceType } from './source.type.js';

@ObjectType('PermissionScope', { simpleResolvers: true, description: 'Where a permission applies.' })
export class PermissionScopeType implements PermissionScope {
  @Field(() => ScopeKind, { description: 'What sort of scope this is.' })
  kind!: Kind;

  @Field(() => String, {
    nullable: true,
    description: "The vendor's id of the scope (Waldur uuid, DQOps domain name); null for a whole account or organization.",
  })
  id!: string | null;

  @Field(() => String, {
    description: "The scope's display name, where the vendor sends one (Waldur customer and project names, DQOps domain names).",
    nullable: true,
  })
  name!: string | null;
}

@ObjectType('Permission', { simpleResolvers: true, description: 'One role a user holds in one scope of one source.' })
export class PermissionType implements Omit<Permission, 'source'> {
  @Field(() => String, { description: "The vendor's own role name: `editor`, `PROJECT.ADMIN`, `read-only`, `staff`." })
  role!: string;

  @Field(() => PermissionLevel, { description: 'The role on the common scale (README has the table per vendor); NONE for a role the gateway cannot place.' })
  level!: Level;

  @Field(() => PermissionScopeType, {
    description: 'Where the role applies: the whole account or organization, a data domain, a customer, a project, the system.',
  })
  scope!: PermissionScope;

  @Field(() => DateTimeResolver, { description: 'When the grant ends (Waldur); null for never, or where the vendor does not say.', nullable: true })
  expiresAt!: Date | null;

  @Field(() => DateTimeResolver, { description: 'When the grant was made (Waldur); null where the vendor does not say.', nullable: true })
  grantedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Who granted it, as the vendor names them.' })
  grantedBy!: string | null;

  // Resolved from the permission's source name by PermissionResolver.
  @Field(() => SourceType, { description: 'The source the permission is held in.' })
  source!: SourceType;
}

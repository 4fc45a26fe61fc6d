import { DateTimeResolver } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import type { ScopeKind as Kind, PermissionLevel as Level, Permission, PermissionScope } from '../sources/model.js';
import { PermissionLevel, ScopeKind } from './enums.js';
import { SourceType } from './source.type.js';

@ObjectType('PermissionScope', { description: 'Where a permission applies.' })
export class PermissionScopeType implements PermissionScope {
  @Field(() => ScopeKind)
  kind!: Kind;

  @Field(() => String, {
    nullable: true,
    description: "The vendor's id of the scope (Waldur uuid, DQOps domain name); null for a whole account or organization.",
  })
  id!: string | null;

  @Field(() => String, { nullable: true })
  name!: string | null;
}

@ObjectType('Permission', { description: 'One role a user holds in one scope of one source.' })
export class PermissionType implements Omit<Permission, 'source'> {
  @Field(() => String, { description: "The vendor's own role name: `editor`, `PROJECT.ADMIN`, `read-only`, `staff`." })
  role!: string;

  @Field(() => PermissionLevel)
  level!: Level;

  @Field(() => PermissionScopeType)
  scope!: PermissionScope;

  @Field(() => DateTimeResolver, { nullable: true })
  expiresAt!: Date | null;

  @Field(() => DateTimeResolver, { nullable: true })
  grantedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Who granted it, as the vendor names them.' })
  grantedBy!: string | null;

  // Resolved from the permission's source name by PermissionResolver.
  @Field(() => SourceType)
  source!: SourceType;
}

import { Field, ObjectType } from 'type-graphql';
import type { ScopeKind as Kind, PermissionLevel as Level, RoleDefinition } from '../sources/model.js';
import { PermissionLevel, ScopeKind } from './enums.js';

@ObjectType('RoleDefinition', {
  simpleResolvers: true,
  description: 'A role a source grants: what a "grant role" form offers, and all that `grantRole` accepts for that source.',
})
export class RoleDefinitionType implements RoleDefinition {
  @Field(() => String, { description: "The vendor's own name, exactly as `grantRole` takes it: `editor`, `PROJECT.ADMIN`, `read-only`." })
  name!: string;

  @Field(() => PermissionLevel, { description: 'The role on the common scale, as `Permission.level` shows it.' })
  level!: Level;

  @Field(() => [ScopeKind], { description: 'The scopes it can be granted on (`scope.kind` of grantRole).' })
  scopeKinds!: readonly Kind[];

  @Field(() => String, { description: 'What the role may do, in a sentence.' })
  description!: string;
}

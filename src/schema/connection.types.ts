import { Field, ObjectType } from 'type-graphql';
import { pageItemsCost } from './cost.js';
import { PersonType } from './person.type.js';
import { UserType } from './user.type.js';

@ObjectType('PageInfo', { simpleResolvers: true, description: 'Where a page sits in its list (Relay).' })
export class PageInfoType {
  @Field(() => Boolean, { description: 'True when more items follow this page.' })
  hasNextPage!: boolean;

  @Field(() => Boolean, { description: 'True when this page was asked for with `after`.' })
  hasPreviousPage!: boolean;

  @Field(() => String, { description: 'The cursor of the first edge; null on an empty page.', nullable: true })
  startCursor!: string | null;

  @Field(() => String, { description: 'The cursor of the last edge; pass it as `after` for the next page. Null on an empty page.', nullable: true })
  endCursor!: string | null;
}

@ObjectType('UserEdge', { simpleResolvers: true, description: 'One user of a page, with its cursor.' })
export class UserEdgeType {
  @Field(() => String, { description: 'Opaque: pass it as `after` to read on from here.' })
  cursor!: string;

  @Field(() => UserType, { description: 'The user.' })
  node!: UserType;
}

@ObjectType('UserConnection', { simpleResolvers: true, description: 'A page of users across sources, ordered by lower-case email, then source name.' })
export class UserConnectionType {
  @Field(() => [UserEdgeType], { description: 'The users of this page, each with its cursor.', complexity: pageItemsCost })
  edges!: UserEdgeType[];

  @Field(() => [UserType], { description: 'The users of this page, without cursors.', complexity: pageItemsCost })
  nodes!: UserType[];

  @Field(() => PageInfoType, { description: 'Where this page sits in the whole list.' })
  pageInfo!: PageInfoType;
  // totalCount is resolved lazily by the resolver: counting can cost upstream calls.
}

@ObjectType('PersonEdge', { simpleResolvers: true, description: 'One person of a page, with its cursor.' })
export class PersonEdgeType {
  @Field(() => String, { description: 'Opaque: pass it as `after` to read on from here.' })
  cursor!: string;

  @Field(() => PersonType, { description: 'The person.' })
  node!: PersonType;
}

@ObjectType('PersonConnection', { simpleResolvers: true, description: 'A page of people, ordered by lower-case email.' })
export class PersonConnectionType {
  @Field(() => [PersonEdgeType], { description: 'The people of this page, each with its cursor.', complexity: pageItemsCost })
  edges!: PersonEdgeType[];

  @Field(() => [PersonType], { description: 'The people of this page, without cursors.', complexity: pageItemsCost })
  nodes!: PersonType[];

  @Field(() => PageInfoType, { description: 'Where this page sits in the whole list.' })
  pageInfo!: PageInfoType;
}

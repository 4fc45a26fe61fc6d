import { Field, ObjectType } from 'type-graphql';
import { pageItemsCost } from './cost.js';
import { PersonType } from './person.type.js';
import { UserType } from './user.type.js';

@ObjectType('PageInfo')
export class PageInfoType {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => Boolean, { description: 'True when this page was asked for with `after`.' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ObjectType('UserEdge')
export class UserEdgeType {
  @Field(() => String)
  cursor!: string;

  @Field(() => UserType)
  node!: UserType;
}

@ObjectType('UserConnection', { description: 'A page of users across sources, ordered by lower-case email, then source name.' })
export class UserConnectionType {
  @Field(() => [UserEdgeType], { complexity: pageItemsCost })
  edges!: UserEdgeType[];

  @Field(() => [UserType], { complexity: pageItemsCost })
  nodes!: UserType[];

  @Field(() => PageInfoType)
  pageInfo!: PageInfoType;
  // totalCount is resolved lazily by the resolver: counting can cost upstream calls.
}

@ObjectType('PersonEdge')
export class PersonEdgeType {
  @Field(() => String)
  cursor!: string;

  @Field(() => PersonType)
  node!: PersonType;
}

@ObjectType('PersonConnection', { description: 'A page of people, ordered by lower-case email.' })
export class PersonConnectionType {
  @Field(() => [PersonEdgeType], { complexity: pageItemsCost })
  edges!: PersonEdgeType[];

  @Field(() => [PersonType], { complexity: pageItemsCost })
  nodes!: PersonType[];

  @Field(() => PageInfoType)
  pageInfo!: PageInfoType;
}

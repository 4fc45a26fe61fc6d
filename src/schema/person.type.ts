import { Directive, Field, ObjectType } from 'type-graphql';

/**
 * Everyone with one email, matched case-insensitively across all sources. The root value is
 * `{ email }` (lower-cased); PersonResolver finds the accounts through the request's loaders.
 */
// Federation: other subgraphs refer to a person by email (printed only in the subgraph SDL).
@Directive('@key(fields: "email")')
@ObjectType('Person', { simpleResolvers: true, description: 'Everyone with one email address, across every source, matched case-insensitively.' })
export class PersonType {
  @Field(() => String, {
    description:
      'Lower-cased; each account keeps its own spelling in `User.email`. In a supergraph this is the key as the referring subgraph spelled it (the router answers it without asking usergraph); `normalizedEmail` is always lower-case.',
  })
  email!: string;
}

import { Field, ID, InterfaceType } from 'type-graphql';

/** User is the only node type so far; a second one would make this look at the value. Synchronous: see build-schema.ts. */
export function nodeTypeName(): string {
  return 'User';
}

@InterfaceType('Node', { description: 'An object with a global id, refetchable with `node(id:)`.', resolveType: nodeTypeName })
export abstract class NodeInterface {
  @Field(() => ID, { description: "Opaque and stable: made from the source name and the vendor's own key." })
  id!: string;
}

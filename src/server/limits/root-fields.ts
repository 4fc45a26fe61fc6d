import { type DocumentNode, type FragmentDefinitionNode, Kind, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';

/** The names of an operation's root fields, once per use, through inline fragments and fragment spreads (aliases counted). */
export function rootFieldNames(operation: OperationDefinitionNode, document: DocumentNode): string[] {
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  const names: string[] = [];
  const visit = (selectionSet: SelectionSetNode, visiting: Set<string>): void => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) names.push(selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet, visiting);
      else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        // graphql-js validation refuses fragment cycles; the guard keeps this safe on its own.
        if (!fragment || visiting.has(name)) continue;
        visit(fragment.selectionSet, new Set([...visiting, name]));
      }
    }
  };
  visit(operation.selectionSet, new Set());
  return names;
}

import { type ASTNode, BREAK, type DocumentNode, type GraphQLError, Kind, parse, type ValueNode, visit } from 'graphql';

/** Which argument a request error is about, and where inside it (input object fields, list indexes). */
export interface ArgumentAtFault {
  argument: string;
  /** The path inside the argument's value; empty for the value as a whole. */
  path: string[];
  /** The variable whose value was at fault, for a variable coercion error. */
  variable?: string;
}

const VALUE_KINDS: ReadonlySet<string> = new Set([Kind.INT, Kind.FLOAT, Kind.STRING, Kind.BOOLEAN, Kind.NULL, Kind.ENUM, Kind.LIST, Kind.OBJECT]);

/**
 * The argument a graphql-js validation or coercion error is about, so that every argument problem
 * can be BAD_USER_INPUT naming it (issue: `person(email: "x")` named nothing). graphql-js reports
 * a bad literal at the value node, a missing argument at the field (naming it in the message), an
 * unknown one at the argument, and a bad variable at its definition; the document is parsed again
 * to find where the node sits. Only on the error path, and the document already parsed once.
 */
export function argumentOf(error: GraphQLError): ArgumentAtFault | undefined {
  const required = /^(?:Field|Directive) "[^"]+" argument "([A-Za-z_][A-Za-z0-9_]*)" of type "[^"]+" is required/.exec(error.message);
  if (required?.[1]) return { argument: required[1], path: [] };
  const node: ASTNode | undefined = error.nodes?.[0];
  if (!node) return undefined;
  if (node.kind === Kind.ARGUMENT) return { argument: node.name.value, path: [] };
  const document = documentOf(error);
  if (!document) return undefined;
  if (node.kind === Kind.VARIABLE_DEFINITION) {
    const variable = node.variable.name.value;
    const use = argumentUsing(document, variable);
    return use ? { ...use, variable } : undefined;
  }
  if (VALUE_KINDS.has(node.kind) && node.loc) return argumentAround(document, node.loc.start, node.loc.end);
  return undefined;
}

function documentOf(error: GraphQLError): DocumentNode | undefined {
  const body = error.source?.body;
  if (body === undefined) return undefined;
  try {
    return parse(body);
  } catch {
    return undefined;
  }
}

function contains(node: ValueNode, start: number, end: number): boolean {
  return node.loc !== undefined && node.loc.start <= start && end <= node.loc.end;
}

/** The argument whose value holds [start, end), with the path down to it. */
function argumentAround(document: DocumentNode, start: number, end: number): ArgumentAtFault | undefined {
  let found: ArgumentAtFault | undefined;
  visit(document, {
    Argument(arg) {
      if (!contains(arg.value, start, end)) return undefined;
      found = { argument: arg.name.value, path: pathWithin(arg.value, (v) => contains(v, start, end)) };
      return BREAK;
    },
  });
  return found;
}

/** The first argument that uses `$variable`, anywhere in its value. */
function argumentUsing(document: DocumentNode, variable: string): ArgumentAtFault | undefined {
  const uses = (v: ValueNode): boolean =>
    v.kind === Kind.VARIABLE
      ? v.name.value === variable
      : v.kind === Kind.LIST
        ? v.values.some(uses)
        : v.kind === Kind.OBJECT && v.fields.some((f) => uses(f.value));
  let found: ArgumentAtFault | undefined;
  visit(document, {
    Argument(arg) {
      if (!uses(arg.value)) return undefined;
      found = { argument: arg.name.value, path: pathWithin(arg.value, uses) };
      return BREAK;
    },
  });
  return found;
}

/** Field names and list indexes from `value` down to the innermost node `hit` is true of. */
function pathWithin(value: ValueNode, hit: (v: ValueNode) => boolean): string[] {
  if (value.kind === Kind.OBJECT) {
    for (const field of value.fields) if (hit(field.value)) return [field.name.value, ...pathWithin(field.value, hit)];
  }
  if (value.kind === Kind.LIST) {
    for (const [i, item] of value.values.entries()) if (hit(item)) return [String(i), ...pathWithin(item, hit)];
  }
  return [];
}

/**
 * graphql-js quotes the offending value in its own input errors: variable coercion prints the
 * whole variable (`Variable "$input" got invalid value { password: "…" }`), literal validation and
 * scalar parsing print the literal, and parse errors print the token. Any of them can be a
 * password, so the gateway keeps the shape of the message (which variable, which path, which type)
 * and drops every value.
 */
export function maskInputValues(message: string): string {
  const variable = /^Variable "\$([A-Za-z_][A-Za-z0-9_]*)" got invalid value/.exec(message);
  if (variable?.[1]) return maskVariableMessage(variable[1], message);
  // `Variable "$x" of required type "T!" was not provided.` and similar carry no value.
  if (/^Variable "\$[A-Za-z_][A-Za-z0-9_]*" of /.test(message)) return message;
  // Parse errors: `Syntax Error: Expected Name, found String "hunter2".`
  const syntax = /^(Syntax Error: .*?found (?:String|BlockString|Int|Float|Name))\b/.exec(message);
  if (syntax) return `${syntax[1]}.`;
  // Literal validation: `Expected value of type "String!", found 123; reason`.
  const found = /^(.*?), found [\s\S]*$/.exec(message);
  if (found?.[1] && /Expected value of type/.test(found[1])) return `${found[1]}, found a value that does not fit.`;
  // Scalar parsing: `String cannot represent a non string value: 123`, `Value is not a valid email address: x`.
  return withoutTrailingValue(message) ?? message;
}

/**
 * `<reason>: <value>` → `<reason>.` when the reason is a scalar's refusal (graphql-js: `Int cannot
 * represent non-integer value: 1.5`; graphql-scalars: `Value is not a valid email address: x`);
 * undefined for any other message. Only those: Apollo's own explanations also hold ": " after the
 * word "value" (its CSRF refusal: "…a non-empty value for one of the following headers: …") and
 * must reach the client whole.
 */
function withoutTrailingValue(message: string): string | undefined {
  const colon = message.indexOf(': ');
  if (colon > 0 && SCALAR_REFUSAL.test(message.slice(0, colon))) return `${message.slice(0, colon)}.`;
  return undefined;
}

const SCALAR_REFUSAL = /^(?:[A-Za-z_][A-Za-z0-9_]* cannot represent |Enum "[A-Za-z0-9_]+" cannot represent |Value is not a valid )/;

function maskVariableMessage(name: string, message: string): string {
  // `Variable "$input" got invalid value <value>[ at "input.path"]; <detail>` (graphql-js coerceVariableValues).
  const paths = [...message.matchAll(/ at "([A-Za-z0-9_.[\]]+)"; /g)];
  const path = paths.at(-1)?.[1];
  const detail =
    /Field "([A-Za-z0-9_]+)" of required type "([A-Za-z0-9_![\]]+)" was not provided\.$/.exec(message)?.[0] ??
    /Field "([A-Za-z0-9_]+)" is not defined by type "([A-Za-z0-9_]+)"\./.exec(message.slice(message.lastIndexOf('; ')))?.[0] ??
    typeOf(message);
  return `Variable "$${name}" got an invalid value${path ? ` at "${path}"` : ''}; ${detail}`;
}

/** The reason graphql-js gives last (after the final `; `), without the value it quotes. */
function typeOf(message: string): string {
  const reason = message.slice(message.lastIndexOf('; ') + 2);
  const scalar = withoutTrailingValue(reason);
  if (scalar && !/["'{[]/.test(scalar)) return scalar;
  const expected = /Expected type "([A-Za-z0-9_![\]]+)"/.exec(reason);
  return expected ? `Expected type "${expected[1]}".` : 'the value does not fit its type.';
}

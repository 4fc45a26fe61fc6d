import { registerEnumType } from 'type-graphql';
import { ERROR_CODES, USER_ERROR_CODES } from '../error-codes.js';

/** An enum of code → itself, for type-graphql, with each code's description from error-codes.ts. */
function codeEnum<C extends string>(name: string, description: string, codes: Readonly<Record<C, string>>): { [K in C]: K } {
  const values = Object.fromEntries(Object.keys(codes).map((c) => [c, c])) as { [K in C]: K };
  const valuesConfig = Object.fromEntries(Object.entries<string>(codes).map(([c, d]) => [c, { description: d }])) as Partial<
    Record<C, { description: string }>
  >;
  registerEnumType(values, { name, description, valuesConfig });
  return values;
}

export const ErrorCodeEnum = codeEnum(
  'ErrorCode',
  "Every `extensions.code` the gateway sends in a top-level error, and the code of a source's last failure. The README has the table.",
  ERROR_CODES,
);

export const UserErrorCodeEnum = codeEnum(
  'UserErrorCode',
  "Why a mutation (or one offboarding step) did not apply: a problem with its input, or the failure of the one source it wrote to. The README maps each vendor's answer to its code.",
  USER_ERROR_CODES,
);

import { defaultFieldResolver, type GraphQLSchema, getNamedType, getNullableType, isCompositeType, isListType, isObjectType } from 'graphql';
import type { RequestBudget } from '../../request/request-budget.js';

interface WithBudget {
  readonly budget: RequestBudget;
}

/**
 * Makes every list-of-objects field count its items against the request's budget as it resolves.
 * Only those fields are wrapped (a few per response, not every field: a resolver wrapper on every
 * field is what makes global middlewares slow on big lists).
 */
export function countListObjects(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (!isListType(getNullableType(field.type)) || !isCompositeType(getNamedType(field.type))) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context: WithBudget, info) => {
        const result: unknown = resolve(source, args, context, info);
        return result instanceof Promise ? result.then((value: unknown) => counted(context, value)) : counted(context, result);
      };
    }
  }
  return schema;
}

function counted(context: WithBudget, value: unknown): unknown {
  if (Array.isArray(value)) context.budget.spendObjects(value.length);
  return value;
}

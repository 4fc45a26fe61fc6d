import type { AuthCheckerFn } from 'type-graphql';
import type { Role } from '../../config/config-schema.js';
import type { GatewayContext } from '../../context.js';
import { GatewayError } from '../../errors.js';
import { roleIncludes } from '../../request/principal.js';

/**
 * The one place that decides what a caller may do: every root field carries `@Authorized(role)`
 * (a test walks the schema to keep it so), and this runs before its resolver, so a refused field
 * makes no upstream call. The error is FORBIDDEN on that field; the request's other fields still answer.
 */
export const authChecker: AuthCheckerFn<GatewayContext, Role> = ({ context, info }, roles) => {
  const principal = context.principal;
  if (!principal) throw new GatewayError('UNAUTHENTICATED', 'authentication required');
  const needed = roles[0] ?? 'viewer';
  if (roleIncludes(principal.role, needed)) return true;
  context.logger.warn({ caller: principal.id, field: `${info.parentType.name}.${info.fieldName}`, needed }, 'forbidden');
  throw new GatewayError('FORBIDDEN', `${info.parentType.name}.${info.fieldName} needs the ${needed} role; this caller has ${principal.role}`);
};

import type { MiddlewareFn } from 'type-graphql';
import type { GatewayContext } from '../context.js';
import { GatewayError } from '../errors.js';
import { pathOf } from './found.js';

/**
 * Fields holding personal data (national ids, birth dates, phone numbers, IP addresses): readable
 * by admins, and by viewers whose key or token carries the pii grant (`apiKeys[].pii`, the JWT
 * claim in `auth.jwt.piiClaim`). For anyone else the field alone is null, with one FORBIDDEN error
 * per field name in the request (at its first path) rather than one per user in a list.
 */
export const personalData: MiddlewareFn<GatewayContext> = async ({ context, info }, next) => {
  const principal = context.principal;
  if (principal && (principal.role === 'admin' || principal.pii === true)) return next();
  const field = `${info.parentType.name}.${info.fieldName}`;
  const refusal = new GatewayError(
    'FORBIDDEN',
    `${field} is personal data: it needs the admin role or a pii grant (apiKeys[].pii: true, or the JWT claim named by auth.jwt.piiClaim)`,
  );
  context.partial.add(refusal, pathOf(info), `pii\u0000${field}`);
  return null;
};

import { z } from 'zod';
import { badUserInput } from '../errors.js';
import { CAPABILITIES, VENDOR_NAMES } from '../sources/vendors.js';
import { OFFBOARD_ACTIONS, type OffboardStep } from './plan.js';

const scopeKind = z.enum(['ACCOUNT', 'DATA_DOMAIN', 'ORGANIZATION', 'CUSTOMER', 'PROJECT', 'SYSTEM']);
const stepSchema = z.object({
  source: z.string().min(1).max(63),
  vendor: z.enum(VENDOR_NAMES),
  nativeId: z.string().min(1).max(512),
  action: z.enum(OFFBOARD_ACTIONS),
  description: z.string().max(500),
  operation: z.string().max(200),
  capability: z.enum(CAPABILITIES),
  work: z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('revoke'),
      grant: z.object({ role: z.string().min(1).max(200), scope: z.object({ kind: scopeKind, id: z.string().max(200).nullable() }) }),
    }),
    z.object({ kind: z.literal('flags'), flag: z.enum(['isStaff', 'isSupport']) }),
    z.object({ kind: z.literal('deactivate') }),
    z.object({ kind: z.literal('delete') }),
    z.object({ kind: z.literal('unsupported'), reason: z.string().max(500) }),
  ]),
});
const planSchema = z.object({ v: z.literal(1), email: z.string(), steps: z.array(stepSchema).max(1_000) });

/**
 * A plan as an opaque id, so that `offboard(planId)` carries out exactly the steps that were
 * checked, and a second run of the same plan reports what the first did as ALREADY_DONE. Not
 * signed: it names only writes its (admin) caller could ask for directly, and every step is
 * checked again (shape here, source access and fresh state when it runs).
 */
export function encodePlanId(email: string, steps: readonly OffboardStep[]): string {
  return Buffer.from(JSON.stringify({ v: 1, email, steps })).toString('base64url');
}

export function decodePlanId(id: string, email: string): OffboardStep[] {
  const invalid = () => badUserInput('planId: not a plan from planOffboarding');
  if (id.length > 1_000_000 || !/^[A-Za-z0-9_-]+$/.test(id)) throw invalid();
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(id, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const parsed = planSchema.safeParse(raw);
  if (!parsed.success) throw invalid();
  if (parsed.data.email !== email.toLowerCase()) throw badUserInput('planId: the plan is for another email');
  return parsed.data.steps;
}

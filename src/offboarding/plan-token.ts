import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { OFFBOARD_ACTIONS, type OffboardAction, type StepWork } from './plan.js';

/**
 * What a signed plan says of one step: which account, which action, which write. Nothing a person
 * reads (descriptions, operations) is in it: the answer describes the fresh plan, never the token.
 */
export interface SignedStep {
  source: string;
  nativeId: string;
  action: OffboardAction;
  work: StepWork;
}

/** A plan as planOffboarding handed it out: who may run it, for whom, until when. */
export interface PlanClaims {
  /** The principal id of the caller it was made for; another caller's run is refused. */
  caller: string;
  /** Lower-cased. */
  email: string;
  actions: OffboardAction[];
  /** The sources the plan was limited to; null for every source the caller may use. */
  sources: string[] | null;
  steps: SignedStep[];
}

export type PlanVerdict = { ok: true; claims: PlanClaims } | { ok: false; code: 'INVALID' | 'STALE'; message: string };

const scopeKind = z.enum(['ACCOUNT', 'DATA_DOMAIN', 'ORGANIZATION', 'CUSTOMER', 'PROJECT', 'SYSTEM']);
const workSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('revoke'),
    grant: z.object({ role: z.string().min(1).max(200), scope: z.object({ kind: scopeKind, id: z.string().max(200).nullable() }) }),
  }),
  z.object({ kind: z.literal('flags'), flag: z.enum(['isStaff', 'isSupport']) }),
  z.object({ kind: z.literal('deactivate') }),
  z.object({ kind: z.literal('delete') }),
  z.object({ kind: z.literal('unsupported'), reason: z.string().max(500), role: z.string().max(200).optional() }),
]);
const claimsSchema = z.object({
  v: z.literal(2),
  caller: z.string(),
  email: z.string(),
  actions: z.array(z.enum(OFFBOARD_ACTIONS)),
  sources: z.array(z.string()).nullable(),
  iat: z.number().int(),
  exp: z.number().int(),
  steps: z.array(z.object({ source: z.string().min(1).max(63), nativeId: z.string().min(1).max(512), action: z.enum(OFFBOARD_ACTIONS), work: workSchema })),
});

/** Longer tokens are refused before any decoding: a plan of limits.maxOffboardSteps (at most 1,000) steps fits well within. */
const MAX_TOKEN_LENGTH = 512 * 1024;

/**
 * Signs and verifies offboarding plans: `base64url(JSON claims) "." base64url(HMAC-SHA256)`, the
 * shape of a JWS compact token without its header (there is one algorithm and one key, so nothing
 * to negotiate and no `alg: none` to confuse). The MAC is compared in constant time; the claims are
 * parsed only once it matches, so nothing an attacker wrote reaches the JSON parser or the schema.
 */
export class PlanSigner {
  readonly #key: Buffer;
  readonly #ttlMs: number;
  readonly #now: () => number;
  /** True when no key was configured: a random one lives and dies with this process. */
  readonly ephemeral: boolean;

  constructor(options: { key: string | undefined; ttlMs: number; now?: () => number }) {
    this.ephemeral = options.key === undefined;
    this.#key = options.key === undefined ? randomBytes(32) : Buffer.from(options.key, 'utf8');
    this.#ttlMs = options.ttlMs;
    this.#now = options.now ?? Date.now;
  }

  sign(claims: PlanClaims): string {
    const iat = this.#now();
    const payload = Buffer.from(JSON.stringify({ v: 2, ...claims, iat, exp: iat + this.#ttlMs })).toString('base64url');
    return `${payload}.${this.#mac(payload).toString('base64url')}`;
  }

  /** The claims of a token this gateway signed for `caller` and `email`, unexpired; otherwise why not. */
  verify(token: string, expected: { caller: string; email: string }): PlanVerdict {
    const invalid = (why: string): PlanVerdict => ({ ok: false, code: 'INVALID', message: `is not a plan from planOffboarding: ${why}` });
    if (token.length > MAX_TOKEN_LENGTH || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token)) return invalid('it is not of the form planOffboarding gives');
    const [payload = '', mac = ''] = token.split('.');
    const presented = Buffer.from(mac, 'base64url');
    const wanted = this.#mac(payload);
    // timingSafeEqual needs equal lengths; a MAC of the wrong length is simply wrong.
    if (presented.length !== wanted.length || !timingSafeEqual(presented, wanted)) {
      return invalid('its signature does not match (it was changed, or signed by another gateway key)');
    }
    let raw: unknown;
    try {
      raw = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return invalid('its content does not parse');
    }
    const parsed = claimsSchema.safeParse(raw);
    if (!parsed.success) return invalid('its content is not a plan of this gateway version');
    const { v: _v, iat: _iat, exp, ...claims } = parsed.data;
    if (this.#now() > exp) return { ok: false, code: 'STALE', message: `expired at ${new Date(exp).toISOString()}; plan again` };
    if (claims.caller !== expected.caller) return invalid('it was made for another caller');
    if (claims.email !== expected.email.toLowerCase()) return invalid('it is for another email');
    return { ok: true, claims };
  }

  #mac(payload: string): Buffer {
    return createHmac('sha256', this.#key).update(payload, 'utf8').digest();
  }
}

/** One identity for a step, whatever its description: the same account, action and write. */
export function stepIdentity(step: SignedStep): string {
  return JSON.stringify([step.source, step.nativeId, step.action, workIdentity(step.work)]);
}

function workIdentity(work: StepWork): unknown {
  switch (work.kind) {
    case 'revoke':
      return ['revoke', work.grant.role, work.grant.scope.kind, work.grant.scope.id];
    case 'flags':
      return ['flags', work.flag];
    default:
      return [work.kind];
  }
}

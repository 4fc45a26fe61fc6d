import type { UnifiedUser, UserErrorInfo, WriteResult } from '../model.js';

/**
 * What a role change decides from the state just read, as a pure function's answer: the whole
 * new value to write, nothing to do, or a refusal that needed that state to be made.
 */
export type ChangePlan<M> = { kind: 'unchanged' } | { kind: 'write'; model: M } | { kind: 'refused'; userErrors: UserErrorInfo[] };

/** The steps of one read-modify-write, for a vendor whose only way to change roles is to replace them whole. */
export interface ReadModifyWrite<W, M> {
  /** The input rules that need no state: refused with no call. */
  check(): UserErrorInfo[];
  /** The user as the vendor has it now: a read of its own, never a shared or cached answer. */
  read(): Promise<W>;
  /** Pure: what to write, given that state. */
  plan(current: W): ChangePlan<M>;
  /** The answer when nothing changes: the state just read. */
  unchanged(current: W): UnifiedUser;
  /** Sends the new value; answers the user after it. */
  write(model: M): Promise<WriteResult<UnifiedUser>>;
}

/**
 * Check, read fresh, plan, then write only when something changes. The gateway serializes writes
 * per (source, user), so no other change through this gateway lands between the read and the
 * write; one made at the vendor meanwhile still can, and neither DQOps nor Rockset offers a
 * version to detect it.
 */
export async function readModifyWrite<W, M>(steps: ReadModifyWrite<W, M>): Promise<WriteResult<UnifiedUser>> {
  const userErrors = steps.check();
  if (userErrors.length > 0) return { ok: false, userErrors };
  const current = await steps.read();
  const plan = steps.plan(current);
  if (plan.kind === 'refused') return { ok: false, userErrors: plan.userErrors };
  if (plan.kind === 'unchanged') return { ok: true, value: steps.unchanged(current) };
  return steps.write(plan.model);
}

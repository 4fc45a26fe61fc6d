/** People filters on where a person has accounts (`people(onlyIn, missingFrom)`). */
export interface Presence {
  onlyIn: readonly string[];
  missingFrom: readonly string[];
}

/** Whether a person with accounts in `sources` passes the presence conditions. */
export function presenceKeeps(presence: Presence | undefined, sources: ReadonlySet<string>): boolean {
  if (!presence) return true;
  return presence.onlyIn.every((s) => sources.has(s)) && !presence.missingFrom.some((s) => sources.has(s));
}

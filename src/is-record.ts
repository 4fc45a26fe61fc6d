/** A JSON object: not null, not an array (what a GraphQL request body, its variables and extensions must be). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

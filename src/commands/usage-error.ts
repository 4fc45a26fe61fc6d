/** A command-line mistake: printed as one line, exit code 2. */
export class UsageError extends Error {
  readonly code = 'USAGE';
}

/** Parses a TCP port argument: a whole number from 0 (any free port) to 65535. */
export function parsePort(value: string | undefined, flag: string): number {
  if (value === undefined) throw new UsageError(`${flag} is required`);
  if (!/^\d+$/.test(value) || Number(value) > 65_535) throw new UsageError(`${flag} must be a port number from 0 to 65535, got "${value}"`);
  return Number(value);
}

/** Parses a non-negative number argument within bounds. */
export function parseNumber(value: string, flag: string, min: number, max: number): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max) throw new UsageError(`${flag} must be a number from ${min} to ${max}, got "${value}"`);
  return n;
}

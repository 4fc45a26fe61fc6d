import { readFileSync } from 'node:fs';
import type { ZodError } from 'zod';
import { isPlainObject, VENDORS, type VendorName } from './sim-types.js';

/** A seed file or section that cannot be used; the message names the file, the key path and the reason. */
export class SeedError extends Error {
  readonly code = 'BAD_SEED';
}

/** The top level of a seed file: a section per vendor, each optional (`test/fixtures/README.md`). */
export type SeedFile = Partial<Record<VendorName, unknown>>;

/** Reads and parses a seed file; a vendor section is validated later by that vendor's simulator. */
export function readSeedFile(file: string): SeedFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String((err as Error).message);
    throw new SeedError(`cannot read seed file ${file}: ${reason}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new SeedError(`seed file ${file} is not valid JSON: ${(err as Error).message}`);
  }
  if (!isPlainObject(parsed)) throw new SeedError(`seed file ${file} must hold a JSON object with dqops, waldur and/or rockset keys`);
  const unknownKeys = Object.keys(parsed).filter((k) => !(VENDORS as readonly string[]).includes(k));
  if (unknownKeys.length > 0) {
    throw new SeedError(`seed file ${file} has unknown top-level keys ${unknownKeys.join(', ')}; expected ${VENDORS.join(', ')}`);
  }
  return parsed as SeedFile;
}

/** Formats a zod failure as `seed waldur.users[3].uuid: Required; ...`. */
export function seedErrorFrom(vendor: VendorName, err: ZodError): SeedError {
  const issues = err.issues.slice(0, 5).map((issue) => {
    const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('');
    return `${vendor}${path}: ${issue.message}`;
  });
  const more = err.issues.length > 5 ? ` (and ${err.issues.length - 5} more)` : '';
  return new SeedError(`invalid seed: ${issues.join('; ')}${more}`);
}

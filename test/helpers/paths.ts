import { resolve } from 'node:path';

/** The project root: tests run from `dist/test/...`, compiled from `test/...`. */
export const PROJECT_ROOT = resolve(__dirname, '..', '..', '..');

/** The seed every test shares (format: `test/fixtures/README.md`). */
export const REFERENCE_SEED = resolve(PROJECT_ROOT, 'test', 'fixtures', 'reference-seed.json');
/** The vendors' own OpenAPI subsets (`contracts/README.md`). */
export const CONTRACTS_DIR = resolve(PROJECT_ROOT, 'contracts');

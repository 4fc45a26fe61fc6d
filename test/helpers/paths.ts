import { resolve } from 'node:path';

/** The project root: tests run from `dist/test/...`, compiled from `test/...`. */
export const PROJECT_ROOT = resolve(__dirname, '..', '..', '..');

/** `../shared` beside the project, where CI puts it; USERGRAPH_SHARED_DIR overrides. */
export const SHARED_DIR = process.env['USERGRAPH_SHARED_DIR'] ?? resolve(PROJECT_ROOT, '..', 'shared');

export const REFERENCE_SEED = resolve(SHARED_DIR, 'fixtures', 'reference-seed.json');
export const CONTRACTS_DIR = resolve(SHARED_DIR, 'upstream-contracts');

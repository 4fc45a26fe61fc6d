import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { buildGatewaySchema, printGatewaySchema } from '../../src/server/build-schema.js';
import { PROJECT_ROOT } from '../helpers/paths.js';

it('schema/schema.graphql is what the code emits (run `npm run schema` when this fails)', async () => {
  const emitted = printGatewaySchema(await buildGatewaySchema());
  const committed = readFileSync(join(PROJECT_ROOT, 'schema', 'schema.graphql'), 'utf8');
  assert.equal(committed, emitted);
});

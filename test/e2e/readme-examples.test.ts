import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type DefinitionNode, type DocumentNode, Kind, parse, print, validate } from 'graphql';
import { DEMO_ADMIN_KEYS, DEMO_SEED } from '../../src/commands/demo.js';
import { buildGatewaySchema } from '../../src/server/build-schema.js';
import type { RunningGateway } from '../../src/server/create-gateway.js';
import type { RunningSimulator } from '../../src/simulators/sim-server.js';
import { VENDORS } from '../../src/simulators/sim-types.js';
import { gql, startTestGateway } from '../helpers/gateway.js';
import { PROJECT_ROOT } from '../helpers/paths.js';
import { startSim } from '../helpers/sim.js';

/** Every operation of the README's ```graphql blocks (the subgraph SDL of the federation section is not one). */
function readmeOperations(): { text: string; placeholders: boolean; mutation: boolean }[] {
  const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
  return blocks
    .filter((block) => !/^\s*(extend schema|type )/m.test(block))
    .flatMap((block) => parse(block).definitions)
    .filter((d: DefinitionNode) => d.kind === Kind.OPERATION_DEFINITION)
    .map((d) => {
      const text = print({ kind: Kind.DOCUMENT, definitions: [d] } as DocumentNode);
      return { text, placeholders: text.includes('"…"'), mutation: /^mutation/.test(text.trim()) };
    });
}

/**
 * The README's examples, as a newcomer would paste them into the demo (issue 27): each is valid
 * against the schema, and each runs, in order, on a gateway set up as `npm start` sets it up (the
 * demo seed, the `*-demo` source names) with no error, but the two that need a value only a run can
 * give (an emailed code, a plan id).
 */
describe('the README examples', () => {
  const sims: RunningSimulator[] = [];
  let gateway: RunningGateway;
  before(async () => {
    const seed = JSON.parse(readFileSync(DEMO_SEED, 'utf8')) as Record<string, unknown>;
    for (const vendor of VENDORS) sims.push(await startSim(vendor, seed[vendor]));
    gateway = await startTestGateway({
      sources: VENDORS.map((vendor, i) => ({
        name: `${vendor}-demo`,
        vendor,
        url: sims[i]!.url,
        credentials: { mode: 'service' as const, secret: DEMO_ADMIN_KEYS[vendor] },
      })),
    });
  });
  after(async () => {
    await gateway.stop();
    await Promise.all(sims.map((s) => s.close()));
  });

  it('every operation is valid against the schema (placeholders "…" filled with sample values)', async () => {
    const schema = await buildGatewaySchema();
    const operations = readmeOperations();
    assert.ok(operations.length >= 20, `found ${operations.length}`);
    for (const op of operations) {
      const errors = validate(schema, parse(op.text.replaceAll('"…"', '"sample"')));
      assert.deepEqual(
        errors.map((e) => e.message),
        [],
        op.text.slice(0, 200),
      );
    }
  });

  it('every example runs on the demo as written, in README order, with no error and no userError; only two need a value of yours', async () => {
    const operations = readmeOperations();
    // A code Waldur mails, and a planId planOffboarding hands out: nothing a README can know.
    assert.deepEqual(
      operations.filter((op) => op.placeholders).map((op) => /\{\s*(\w+)/.exec(op.text)?.[1]),
      ['offboard', 'confirmEmailChange'],
    );
    const runnable = operations.filter((op) => !op.placeholders);
    assert.ok(runnable.filter((op) => !op.mutation).length >= 6, 'the queries');
    for (const op of runnable) {
      const { status, body } = await gql(gateway, op.text);
      assert.equal(status, 200, op.text.slice(0, 200));
      assert.equal(body.errors, undefined, `${op.text.slice(0, 200)}\n${JSON.stringify(body.errors)}`);
      const userErrors = JSON.stringify(body.data).match(/"userErrors":\[[^\]]+\]/g);
      assert.equal(userErrors, null, `${op.text.slice(0, 200)}\n${userErrors}`);
    }
  });
});

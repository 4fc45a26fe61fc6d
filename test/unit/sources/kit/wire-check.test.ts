import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod/v4';
import * as dqops from '../../../../src/sources/dqops/wire.js';
import { parseWire } from '../../../../src/sources/kit/wire.js';
import { wireCheckOf } from '../../../../src/sources/kit/wire-check.js';
import * as rockset from '../../../../src/sources/rockset/wire.js';
import * as waldur from '../../../../src/sources/waldur/wire.js';
import { ada } from '../waldur/waldur-wire-fixtures.js';

/** Every zod schema the three vendors' wire modules export, by name. */
const WIRE_SCHEMAS: [string, z.ZodType][] = Object.entries({ dqops, rockset, waldur }).flatMap(([vendor, module]) =>
  Object.entries(module as Record<string, unknown>).flatMap(([name, value]): [string, z.ZodType][] =>
    value instanceof z.ZodType ? [[`${vendor}.${name}`, value]] : [],
  ),
);

/** A full Waldur 7.9.8 user (every property, one permission, her token) and a field 8.0 added. */
const WALDUR_USER = { ...ada(), token: 'sk-SECRET', unknown_in_7_9: { kept: true } };
const DQOPS_USER = { email: 'ada@example.org', accountRole: 'editor', dataDomainRoles: { datalake: 'editor', other: null } };
const ROCKSET_USER = { email: 'ada@example.org', created_at: '2001-08-28T00:23:41Z', first_name: 'Ada', roles: ['admin'], state: 'ACTIVE' };

/** Values of every JSON kind (and one or two JSON.parse cannot make), put where the samples' fields were. */
const ODD_VALUES: readonly unknown[] = [
  undefined,
  null,
  '',
  'x',
  0,
  -1,
  1.5,
  2 ** 60,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  true,
  false,
  [],
  ['x'],
  [1],
  {},
  { a: 1 },
];

const copy = <T>(value: T): T => structuredClone(value);

/**
 * Asserts the check never accepts what zod refuses, and that whenever it accepts, zod's copy equals
 * the value: what the check lets through is what zod would have handed back.
 */
function agreesWithZod(schema: z.ZodType, value: unknown, where: string): boolean {
  const check = wireCheckOf(schema);
  assert.ok(check, `${where}: the schema compiles`);
  const accepted = check(value);
  const zod = schema.safeParse(value);
  if (accepted) {
    assert.ok(zod.success, `${where}: accepted ${JSON.stringify(value)} that zod refuses`);
    assert.deepEqual(zod.data, value, `${where}: zod's copy differs`);
  }
  return accepted;
}

describe('wire checks in place (the vendor kit)', () => {
  it('compiles every schema the vendors read with, so no answer pays for a zod copy', () => {
    assert.ok(WIRE_SCHEMAS.length >= 15, `found ${WIRE_SCHEMAS.length} schemas`);
    for (const [name, schema] of WIRE_SCHEMAS) assert.ok(wireCheckOf(schema), `${name} falls back to zod`);
  });

  it('accepts the vendors’ documented answers, and zod would hand back the same', () => {
    assert.equal(agreesWithZod(waldur.waldurUserSchema, WALDUR_USER, 'waldur user'), true);
    assert.equal(agreesWithZod(waldur.waldurUserListSchema, [WALDUR_USER, { uuid: 'u', username: 'v' }], 'waldur list'), true);
    assert.equal(agreesWithZod(dqops.dqopsUserListSchema, [DQOPS_USER, {}], 'dqops list'), true);
    assert.equal(agreesWithZod(rockset.rocksetListUsersResponseSchema, { data: [ROCKSET_USER], next: null }, 'rockset list'), true);
    assert.equal(agreesWithZod(rockset.rocksetListUsersResponseSchema, { data: null }, 'rockset null list'), true);
  });

  it('never accepts a field of the wrong kind that zod refuses, field by field', () => {
    const samples: [string, z.ZodType, Record<string, unknown>][] = [
      ['waldur user', waldur.waldurUserSchema, WALDUR_USER],
      ['waldur permission', waldur.waldurPermissionSchema, (WALDUR_USER.permissions ?? [])[0] as Record<string, unknown>],
      ['dqops user', dqops.dqopsUserRolesModelSchema, DQOPS_USER],
      ['rockset user', rockset.rocksetUserSchema, ROCKSET_USER],
    ];
    let refused = 0;
    for (const [name, schema, sample] of samples) {
      for (const key of Object.keys(sample)) {
        for (const odd of ODD_VALUES) {
          const value = copy(sample);
          value[key] = odd;
          if (!agreesWithZod(schema, value, `${name}.${key} = ${String(odd)}`)) refused++;
        }
      }
    }
    // Most odd values are of the wrong kind somewhere: the check refused them, and zod was asked.
    assert.ok(refused > 300, `refused ${refused}`);
  });

  it('checks inside lists, records and nested objects', () => {
    const badPermission = copy(WALDUR_USER);
    ((badPermission.permissions ?? [])[0] as Record<string, unknown>)['role_name'] = 7;
    assert.equal(agreesWithZod(waldur.waldurUserSchema, badPermission, 'permission role_name'), false);
    assert.equal(agreesWithZod(waldur.waldurUserListSchema, [WALDUR_USER, { uuid: 'u' }], 'list item without username'), false);
    assert.equal(agreesWithZod(dqops.dqopsUserListSchema, [{ ...DQOPS_USER, dataDomainRoles: { a: 1 } }], 'record value'), false);
    assert.equal(agreesWithZod(dqops.dqopsUserListSchema, [{ ...DQOPS_USER, dataDomainRoles: ['editor'] }], 'record as array'), false);
    assert.equal(agreesWithZod(rockset.rocksetUserSchema, { ...ROCKSET_USER, email: '' }, 'email min(1)'), false);
    assert.equal(agreesWithZod(waldur.waldurUserSchema, { ...WALDUR_USER, token_lifetime: 36.5 }, 'int'), false);
    assert.equal(agreesWithZod(waldur.waldurUserListSchema, { 0: WALDUR_USER }, 'object for a list'), false);
  });

  it('sends an own __proto__ key to zod (whose copy would not keep it as a key)', () => {
    const withProto = JSON.parse('{"email":"a@b.c","__proto__":{"polluted":true}}') as unknown;
    assert.equal(wireCheckOf(rockset.rocksetUserSchema)?.(withProto), false);
    const record = JSON.parse('[{"email":"a@b.c","dataDomainRoles":{"__proto__":"admin"}}]') as unknown;
    assert.equal(wireCheckOf(dqops.dqopsUserListSchema)?.(record), false);
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  });

  it('leaves to zod what it cannot mirror without a copy or a change', () => {
    const unsupported: [string, z.ZodType][] = [
      ['strip object (drops unknown keys)', z.object({ a: z.string() })],
      ['strict object', z.strictObject({ a: z.string() })],
      ['string format', z.looseObject({ a: z.email() })],
      ['string regex', z.string().regex(/^a/)],
      ['integer schema', z.int()],
      ['string max', z.string().max(3)],
      ['default', z.looseObject({ a: z.string().default('x') })],
      ['transform', z.string().transform((s) => s.length)],
      ['coercion', z.coerce.number()],
      ['number bound', z.number().min(0)],
      ['enum', z.enum(['a', 'b'])],
      ['a key Object.prototype has', z.looseObject({ constructor: z.unknown() })],
    ];
    for (const [name, schema] of unsupported) assert.equal(wireCheckOf(schema), null, name);
  });

  it('parseWire hands back the decoded answer itself when it passes, and zod’s named refusal when not', () => {
    const answer = copy(WALDUR_USER);
    assert.equal(parseWire(waldur.waldurUserSchema, answer, { source: 'waldur', operation: 'users_retrieve' }), answer);
    assert.throws(
      () => parseWire(waldur.waldurUserSchema, { ...answer, is_staff: 'yes' }, { source: 'waldur', operation: 'users_retrieve', httpStatus: 200 }),
      (err: Error & { code?: string }) => err.code === 'UPSTREAM_BAD_RESPONSE' && /is_staff: expected boolean, got string/.test(err.message),
    );
  });
});

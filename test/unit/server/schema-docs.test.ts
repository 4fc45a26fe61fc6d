import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isEnumType, isInputObjectType, isInterfaceType, isObjectType, isSpecifiedScalarType, isUnionType } from 'graphql';
import { configJsonSchema } from '../../../src/commands/config-schema.js';
import { ERROR_CODES, USER_ERROR_CODES } from '../../../src/error-codes.js';
import { buildGatewaySchema } from '../../../src/server/build-schema.js';
import { PROJECT_ROOT } from '../../helpers/paths.js';

/** Every element of the SDL without a description: a type, field, argument, input field or enum value. */
async function undocumented(): Promise<string[]> {
  const schema = await buildGatewaySchema();
  const missing: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || isSpecifiedScalarType(type)) continue;
    if (!type.description?.trim()) missing.push(type.name);
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (!field.description?.trim()) missing.push(`${type.name}.${field.name}`);
        for (const arg of 'args' in field ? field.args : []) if (!arg.description?.trim()) missing.push(`${type.name}.${field.name}(${arg.name})`);
      }
    }
    if (isEnumType(type)) for (const value of type.getValues()) if (!value.description?.trim()) missing.push(`${type.name}.${value.name}`);
    if (isUnionType(type) && type.getTypes().length === 0) missing.push(`${type.name} (no members)`);
  }
  return missing;
}

/** Every property of the config's JSON Schema without a description, as a key path. */
function undescribedConfigKeys(node: unknown, path: string[] = []): string[] {
  if (node === null || typeof node !== 'object') return [];
  const record = node as Record<string, unknown>;
  const missing: string[] = [];
  const properties = record['properties'];
  if (properties && typeof properties === 'object') {
    for (const [key, value] of Object.entries(properties as Record<string, unknown>)) {
      const description = (value as { description?: unknown }).description;
      if (typeof description !== 'string' || description.trim() === '') missing.push([...path, key].join('.'));
      missing.push(...undescribedConfigKeys(value, [...path, key]));
    }
  }
  for (const [key, value] of Object.entries(record)) {
    if (key === 'properties') continue;
    const next = key === 'items' ? [...path, '[]'] : path;
    if (Array.isArray(value)) for (const item of value) missing.push(...undescribedConfigKeys(item, next));
    else missing.push(...undescribedConfigKeys(value, next));
  }
  return missing;
}

/** The codes of the README table under a heading line such as "`ErrorCode`:", with their meanings. */
function readmeTable(title: string): Map<string, string> {
  const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
  const at = readme.indexOf(`\n${title}:\n`);
  assert.ok(at >= 0, `README has no "${title}:" table`);
  const rows = new Map<string, string>();
  const lines = readme.slice(at + title.length + 3).split('\n');
  const first = lines.findIndex((l) => l.startsWith('| ---'));
  for (const line of lines.slice(first + 1)) {
    const row = /^\|\s*`([A-Z_]+)`\s*\|\s*(.*?)\s*\|$/.exec(line);
    if (!row) break;
    rows.set(row[1]!, row[2]!);
  }
  return rows;
}

describe('documentation', () => {
  it('every type, field, argument, input field and enum value of the SDL has a description', async () => {
    assert.deepEqual(await undocumented(), []);
  });

  it('every key of the config JSON Schema has a description (editors show them)', () => {
    const schema = JSON.parse(configJsonSchema());
    assert.deepEqual(undescribedConfigKeys(schema), []);
    // The walk finds keys at all depths: a known deep key is there with its text.
    const source = schema.definitions.UsergraphConfig.properties.sources.items.properties;
    assert.match(source.resilience.properties.breaker.properties.halfOpenAfterMs.description, /probe/);
  });

  it("the README's code tables are exactly the codes the gateway defines, with the same meanings", () => {
    assert.deepEqual(Object.fromEntries(readmeTable('`ErrorCode`')), { ...ERROR_CODES });
    assert.deepEqual(Object.fromEntries(readmeTable('`UserErrorCode`')), { ...USER_ERROR_CODES });
  });

  it('the SDL enums are built from the same lists', async () => {
    const schema = await buildGatewaySchema();
    const values = (name: string) => {
      const type = schema.getType(name);
      assert.ok(isEnumType(type));
      return type
        .getValues()
        .map((v) => v.name)
        .sort();
    };
    assert.deepEqual(values('ErrorCode'), Object.keys(ERROR_CODES).sort());
    assert.deepEqual(values('UserErrorCode'), Object.keys(USER_ERROR_CODES).sort());
  });
});

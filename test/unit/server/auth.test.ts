import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, it, mock } from 'node:test';
import { getMetadataStorage } from 'type-graphql';
import { matchesPattern, mayUseSource } from '../../../src/request/principal.js';
import { API_KEY_PREFIX, ApiKeyStore, generateApiKey, hashApiKey } from '../../../src/server/auth/api-keys.js';
import { FailureLimiter } from '../../../src/server/auth/failure-limiter.js';
import { buildGatewaySchema } from '../../../src/server/build-schema.js';
import { MemoryStateStore } from '../../../src/state/memory-store.js';

describe('API keys', () => {
  it('generates prefixed high-entropy keys and stores only their SHA-256', () => {
    const a = generateApiKey();
    const b = generateApiKey();
    assert.ok(a.startsWith(API_KEY_PREFIX) && b.startsWith(API_KEY_PREFIX));
    assert.notEqual(a, b);
    assert.ok(a.length >= API_KEY_PREFIX.length + 43, '32 random bytes');
    assert.match(hashApiKey(a), /^sha256:[0-9a-f]{64}$/);
    assert.ok(!hashApiKey(a).includes(a));
  });

  it('compares digests with timingSafeEqual against every stored key, with no early exit', () => {
    const store = new ApiKeyStore([
      { name: 'one', role: 'viewer', hash: hashApiKey('ugk_one') },
      { name: 'two', role: 'admin', hash: hashApiKey('ugk_two'), sources: ['dq*'] },
      { name: 'three', role: 'viewer', hash: hashApiKey('ugk_three') },
    ]);
    const spy = mock.method(crypto, 'timingSafeEqual');
    try {
      assert.deepEqual(store.verify('ugk_two'), { id: 'apikey:two', role: 'admin', sources: ['dq*'], pii: false });
      assert.equal(spy.mock.callCount(), 3, 'a match on the second key still compares the third');
      assert.equal(store.verify('ugk_four'), undefined);
      assert.equal(spy.mock.callCount(), 6);
    } finally {
      spy.mock.restore();
    }
  });

  it('knows a key that verified without hashing it again, and never a text that did not', () => {
    const store = new ApiKeyStore([
      { name: 'one', role: 'viewer', hash: hashApiKey('ugk_one') },
      { name: 'two', role: 'admin', hash: hashApiKey('ugk_two') },
    ]);
    const spy = mock.method(crypto, 'timingSafeEqual');
    try {
      const principal = store.verify('ugk_two');
      assert.equal(spy.mock.callCount(), 2);
      assert.equal(store.verify('ugk_two'), principal, 'the same principal');
      assert.equal(spy.mock.callCount(), 2, 'a known key is not compared again');
      // A near miss of a known key, and a guess sent twice: each time the whole constant-time path.
      for (const guess of ['ugk_twO', 'ugk_two ', 'ugk_tw', 'ugk_three', 'ugk_three']) assert.equal(store.verify(guess), undefined, guess);
      assert.equal(spy.mock.callCount(), 12);
      assert.equal(store.verify('ugk_one')?.id, 'apikey:one');
    } finally {
      spy.mock.restore();
    }
  });
});

describe('source patterns', () => {
  it('matches names and * patterns literally otherwise', () => {
    assert.ok(matchesPattern('rockset-*', 'rockset-eu'));
    assert.ok(!matchesPattern('rockset-*', 'dqops-rockset-eu'));
    assert.ok(matchesPattern('waldur-hpc', 'waldur-hpc'));
    assert.ok(!matchesPattern('waldur.hpc', 'waldurXhpc'), 'a dot is a dot');
    assert.ok(mayUseSource({ id: 'x', role: 'viewer', sources: null }, 'anything'));
    assert.ok(!mayUseSource({ id: 'x', role: 'viewer', sources: [] }, 'anything'));
  });
});

describe('failure limiter', () => {
  it('blocks an address after N failures for the rest of its minute; other addresses are not affected', async () => {
    const limiter = new FailureLimiter(new MemoryStateStore(), 2);
    await limiter.recordFailure('a');
    assert.equal(await limiter.blockedFor('a'), 0);
    await limiter.recordFailure('a');
    const blocked = await limiter.blockedFor('a');
    assert.ok(blocked > 55 && blocked <= 60, `blocked for ${blocked} s`);
    assert.equal(await limiter.blockedFor('b'), 0, 'other addresses are not affected');
  });
});

describe('authorization is declared on every root field', () => {
  it('every Query and Mutation field carries @Authorized with a role', async () => {
    const schema = await buildGatewaySchema();
    const authorized = new Map(getMetadataStorage().authorizedFields.map((f) => [`${f.target.name}.${f.fieldName}`, f.roles]));
    const classRoles = getMetadataStorage().authorizedResolver;
    const missing: string[] = [];
    for (const type of [schema.getQueryType(), schema.getMutationType()]) {
      for (const field of Object.values(type?.getFields() ?? {})) {
        const resolver = getMetadataStorage()
          .queries.concat(getMetadataStorage().mutations)
          .find((q) => q.schemaName === field.name);
        const target = resolver?.target.name ?? '?';
        const roles = authorized.get(`${target}.${resolver?.methodName}`) ?? classRoles.find((c) => c.target.name === target)?.roles;
        if (roles?.length !== 1) missing.push(`${type?.name}.${field.name}`);
        if (type?.name === 'Mutation' && roles?.[0] !== 'admin') missing.push(`${field.name} is not admin-only`);
        if (field.name === 'userToken' && roles?.[0] !== 'admin') missing.push('userToken is not admin-only');
      }
    }
    assert.deepEqual(missing, []);
  });
});

describe('simple resolvers skip middlewares, so no guarded field may be on a type that has them', () => {
  it('every ObjectType with simpleResolvers has no field with a middleware (personal data) or a role', async () => {
    await buildGatewaySchema();
    const storage = getMetadataStorage();
    const simple = storage.objectTypes.filter((t) => t.simpleResolvers === true);
    assert.ok(simple.length > 20, `${simple.length} types with simple resolvers`);
    const guarded = [
      ...storage.middlewares.map((m) => ({ target: m.target, field: m.fieldName })),
      ...storage.authorizedFields.map((a) => ({ target: a.target, field: a.fieldName })),
    ];
    const offending = guarded.filter((g) => simple.some((t) => t.target === g.target)).map((g) => `${g.target.name}.${g.field}`);
    assert.deepEqual(offending, []);
    // The one type with personal data keeps type-graphql's full resolvers.
    assert.equal(storage.objectTypes.find((t) => t.name === 'WaldurUserDetails')?.simpleResolvers, undefined);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { UpstreamError } from '../../../src/errors.js';
import { guardCapabilities, OPERATION_CAPABILITY, type VendorAdapter } from '../../../src/sources/capability-guard.js';
import type { SourceInfo, UnifiedUser } from '../../../src/sources/model.js';
import type { Capability, ListAllAdapter, PagedAdapter } from '../../../src/sources/source.js';
import { CAPABILITIES } from '../../../src/vendors.js';

const ctx = { credential: 'k' };
const info = (capabilities: Capability[]): SourceInfo => ({ name: 'fake', vendor: 'dqops', url: 'http://127.0.0.1:9', capabilities });

/** A vendor with a listing, a lookup and one write; every call is recorded. */
function fakeVendor(capabilities: Capability[]) {
  const calls: string[] = [];
  const vendor: VendorAdapter<ListAllAdapter> = {
    info: info(capabilities),
    listing: 'all',
    async listAllUsers() {
      calls.push('listAllUsers');
      return [];
    },
    async getUser(_ctx, nativeId) {
      calls.push(`getUser ${nativeId}`);
      return null;
    },
    async deleteUser(_ctx, nativeId) {
      calls.push(`deleteUser ${nativeId}`);
      return { ok: true, value: { nativeId } as UnifiedUser };
    },
    close: async () => {},
  };
  return { vendor, calls };
}

function unsupported(operation: string) {
  return (err: unknown): boolean => {
    const e = err as UpstreamError;
    assert.equal(e.code, 'UNSUPPORTED_BY_SOURCE');
    assert.equal(e.message, `source "fake" does not support ${operation}`);
    return true;
  };
}

describe('capability guard', () => {
  it('passes a declared operation straight to the vendor, arguments and answer intact', async () => {
    const { vendor, calls } = fakeVendor(['LIST_USERS', 'GET_USER', 'DELETE_USER']);
    const adapter = guardCapabilities(vendor);
    assert.equal(await adapter.getUser(ctx, 'ada'), null);
    assert.deepEqual(await adapter.deleteUser(ctx, 'bob'), { ok: true, value: { nativeId: 'bob' } });
    assert.deepEqual(calls, ['getUser ada', 'deleteUser bob']);
  });

  it('refuses an operation the vendor has but the source does not declare, without calling the vendor', async () => {
    const { vendor, calls } = fakeVendor(['LIST_USERS']);
    const adapter = guardCapabilities(vendor);
    await assert.rejects(adapter.getUser(ctx, 'ada'), unsupported('getUser'));
    await assert.rejects(adapter.deleteUser(ctx, 'ada'), unsupported('deleteUser'));
    assert.deepEqual(calls, []);
  });

  it('answers every operation the vendor did not write with a rejected promise, never a throw', async () => {
    const adapter = guardCapabilities(fakeVendor(['LIST_USERS']).vendor);
    let result: Promise<unknown> | undefined;
    assert.doesNotThrow(() => {
      result = adapter.changePassword(ctx, 'ada', 'hunter2');
    });
    await assert.rejects(result as Promise<unknown>, unsupported('changePassword'));
    await assert.rejects(adapter.confirmEmailChange(ctx, '123456'), unsupported('confirmEmailChange'));
    await assert.rejects(adapter.notificationPreferences(ctx), unsupported('notificationPreferences'));
  });

  it('refuses at construction a declared capability the vendor has no method for', () => {
    assert.throws(() => guardCapabilities(fakeVendor(['LIST_USERS', 'CURRENT_USER', 'EMAIL_CHANGE']).vendor), {
      name: 'TypeError',
      message: 'source "fake": dqops does not offer CURRENT_USER, EMAIL_CHANGE',
    });
  });

  it('needs all three email-change operations for EMAIL_CHANGE', () => {
    const { vendor } = fakeVendor(['EMAIL_CHANGE']);
    const partial = { ...vendor, requestEmailChange: async () => ({ ok: true as const, value: {} as UnifiedUser }) };
    assert.throws(() => guardCapabilities(partial), /does not offer EMAIL_CHANGE/);
  });

  it('gives a paging adapter no listAllUsers, and guards its page listing', async () => {
    let pages = 0;
    const vendor: VendorAdapter<PagedAdapter> = {
      info: info([]),
      listing: 'paged',
      maxPageSize: 10,
      async listUsersPage() {
        pages++;
        return { users: [], total: 0 };
      },
      close: async () => {},
    };
    const adapter = guardCapabilities(vendor);
    assert.equal('listAllUsers' in adapter, false);
    await assert.rejects(adapter.listUsersPage(ctx, { offset: 0, limit: 1, filter: {} }), unsupported('listUsersPage'));
    assert.equal(pages, 0);
  });

  it('maps every capability to at least one operation', () => {
    const covered = new Set(Object.values(OPERATION_CAPABILITY));
    assert.deepEqual(
      CAPABILITIES.filter((c) => !covered.has(c)),
      [],
    );
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningSimulator } from '../../../src/simulators/sim-server.js';
import { startSim } from '../../helpers/sim.js';
import { ADA, ALAN, ANALYST01, as, BARBARA, BLETCHLEY, COMPILERS, GRACE, links, type WireUser } from './waldur-fixtures.js';

const USERS = '/api/users/';

describe('waldur simulator user list: pagination', () => {
  let sim: RunningSimulator;
  before(async () => {
    sim = await startSim('waldur');
  });
  after(() => sim.close());

  const list = (query: Record<string, string | string[]> = {}) => as(sim, ADA.token, 'GET', USERS, { query });
  const base = (): string => `${sim.url}${USERS}`;

  it('lists the 15 reference users in two pages of 10 with X-Result-Count: 15', async () => {
    const first = await list();
    const second = await list({ page: '2' });
    assert.equal(first.headers['x-result-count'], '15');
    assert.equal(second.headers['x-result-count'], '15');
    const names = [...(first.json() as WireUser[]), ...(second.json() as WireUser[])].map((u) => u.username);
    assert.equal((first.json() as WireUser[]).length, 10);
    assert.equal(names.length, 15);
    assert.deepEqual(names, [...names].sort(), 'default order is by username');
  });

  it('links the first page to next and last, with first always present and without a page parameter (core/pagination.py)', async () => {
    const rels = links((await list()).headers['link']);
    assert.deepEqual(Object.keys(rels), ['first', 'next', 'last']);
    assert.equal(rels['first'], base());
    assert.equal(rels['next'], `${base()}?page=2`);
    assert.equal(rels['last'], `${base()}?page=2`);
  });

  it('links the last page back with prev (no page parameter for page 1) and keeps first and last', async () => {
    const rels = links((await list({ page: '2' })).headers['link']);
    assert.deepEqual(Object.keys(rels), ['first', 'prev', 'last']);
    assert.equal(rels['prev'], base());
    assert.equal(rels['last'], `${base()}?page=2`);
  });

  it('keeps the other query parameters in the links, sorted by name as DRF re-encodes them', async () => {
    const rels = links((await list({ page_size: '5', o: 'email', page: '2' })).headers['link']);
    assert.equal(rels['prev'], `${base()}?o=email&page_size=5`);
    assert.equal(rels['next'], `${base()}?o=email&page=3&page_size=5`);
    assert.equal(rels['last'], `${base()}?o=email&page=3&page_size=5`);
  });

  it('returns everything in one page for page_size=300, and clamps a larger page_size to 300', async () => {
    for (const page_size of ['300', '5000']) {
      const res = await list({ page_size });
      assert.equal((res.json() as WireUser[]).length, 15);
      assert.deepEqual(Object.keys(links(res.headers['link'])), ['first', 'last']);
    }
  });

  it('falls back to 10 per page for a page_size that is zero or not a number', async () => {
    for (const page_size of ['0', 'ten', '-3']) assert.equal(((await list({ page_size })).json() as WireUser[]).length, 10);
  });

  it('answers 404 "Invalid page." for a page past the end or not a number, and accepts page=last', async () => {
    for (const page of ['3', '0', 'two']) {
      const res = await list({ page });
      assert.equal(res.status, 404, page);
      assert.deepEqual(res.json(), { detail: 'Invalid page.' });
    }
    assert.deepEqual((await list({ page: 'last' })).json(), (await list({ page: '2' })).json());
  });

  it('answers HEAD with only the count header', async () => {
    const res = await as(sim, ADA.token, 'HEAD', USERS, { query: { is_active: 'false' } });
    assert.equal(res.status, 200);
    assert.equal(res.headers['x-result-count'], '1');
    assert.equal(res.text, '');
  });
});

describe('waldur simulator user list: ordering, filters and fields', () => {
  let sim: RunningSimulator;
  before(async () => {
    sim = await startSim('waldur');
  });
  after(() => sim.close());

  const names = async (query: Record<string, string | string[]>, token = ADA.token): Promise<string[]> => {
    const res = await as(sim, token, 'GET', USERS, { query: { page_size: '300', ...query } });
    assert.equal(res.status, 200, res.text);
    return (res.json() as WireUser[]).map((u) => u.username);
  };

  it('orders by email with o=email and in reverse with o=-email', async () => {
    const asc = await names({ o: 'email' });
    const analysts = Array.from({ length: 9 }, (_, i) => `analyst0${i + 1}`);
    assert.deepEqual(asc, ['ada', 'alan', ...analysts, 'barbara', 'grace', 'linus', 'margaret']);
    assert.deepEqual(await names({ o: '-email' }), [...asc].reverse());
    assert.deepEqual((await names({ o: 'full_name' })).slice(0, 3), ['ada', 'alan', 'analyst01'], 'full_name sorts by first, then last name');
  });

  it('breaks ordering ties by creation order, as Waldur appends the primary key', async () => {
    const analysts = Array.from({ length: 9 }, (_, i) => `analyst0${i + 1}`);
    assert.deepEqual(await names({ o: 'organization' }), ['barbara', 'linus', 'ada', 'grace', 'margaret', 'alan', ...analysts]);
  });

  it('orders by several comma-separated keys', async () => {
    const order = await names({ o: '-is_staff,-is_support,username' });
    assert.deepEqual(order.slice(0, 3), ['ada', 'barbara', 'alan']);
  });

  it('answers 400 for an ordering name the filterset does not know (django-filter validates o=)', async () => {
    const res = await as(sim, ADA.token, 'GET', USERS, { query: { o: 'password' } });
    assert.equal(res.status, 400);
    assert.deepEqual(res.json(), { o: ['Select a valid choice. password is not one of the available choices.'] });
  });

  it('filters by username_list (comma-separated, exact)', async () => {
    assert.deepEqual(await names({ username_list: 'grace, ada,nobody,gra' }), ['ada', 'grace']);
  });

  it('filters by email (case-insensitive contains)', async () => {
    assert.deepEqual(await names({ email: 'EXAMPLE.ORG' }), ['linus']);
    assert.equal((await names({ email: 'analyst0' })).length, 9);
  });

  it('filters by query over names, username and email', async () => {
    assert.deepEqual(await names({ query: 'hopper' }), ['grace']);
    assert.deepEqual(await names({ query: 'margaret@' }), ['margaret']);
    assert.equal((await names({ query: 'No. 1' })).includes('analyst01'), true);
  });

  it('filters by username, boolean flags, registration method, organization and scope membership', async () => {
    assert.deepEqual(await names({ username: 'alan' }), ['alan']);
    assert.deepEqual(await names({ is_support: 'true' }), ['barbara']);
    assert.deepEqual(await names({ is_active: 'false' }), ['linus']);
    assert.equal((await names({ registration_method: 'eduteams' })).length, 9);
    assert.deepEqual(await names({ organization: 'engines', is_staff: 'false' }), ['grace', 'margaret']);
    assert.deepEqual(await names({ project_uuid: COMPILERS }), ['grace']);
    assert.deepEqual(await names({ customer_uuid: BLETCHLEY }), ['alan', ...Array.from({ length: 9 }, (_, i) => `analyst0${i + 1}`)]);
  });

  it('answers 400 for a customer_uuid that is not a UUID', async () => {
    const res = await as(sim, ADA.token, 'GET', USERS, { query: { customer_uuid: 'bletchley' } });
    assert.equal(res.status, 400);
    assert.deepEqual(res.json(), { customer_uuid: ['Enter a valid UUID.'] });
  });

  it('keeps only the requested fields with repeated field= parameters', async () => {
    const res = await as(sim, ADA.token, 'GET', USERS, { query: { field: ['username', 'email'], username: 'grace' } });
    assert.deepEqual(res.json(), [{ username: 'grace', email: 'grace@example.com' }]);
  });

  it('shows a non-staff user only active non-staff users she shares a customer or project with, and herself', async () => {
    assert.deepEqual(await names({}, GRACE.token), ['grace', 'margaret']);
    assert.deepEqual(await names({}, ANALYST01.token), ['alan', ...Array.from({ length: 9 }, (_, i) => `analyst0${i + 1}`)]);
  });

  it('hides is_staff, is_active, is_support, description and has_active_session from non-staff users', async () => {
    const res = await as(sim, GRACE.token, 'GET', `${USERS}${GRACE.uuid}/`);
    for (const field of ['is_staff', 'is_active', 'is_support', 'description', 'has_active_session'])
      assert.equal(field in (res.json() as object), false, field);
    const byAda = (await as(sim, ADA.token, 'GET', `${USERS}${GRACE.uuid}/`)).json() as WireUser;
    assert.equal(byAda['is_staff'], false);
  });

  it('shows support users every user, inactive ones included', async () => {
    assert.equal((await names({}, BARBARA.token)).length, 15);
  });

  it('answers 404 to a non-staff user for a user she cannot see', async () => {
    assert.equal((await as(sim, GRACE.token, 'GET', `${USERS}${ADA.uuid}/`)).status, 404);
    assert.equal((await as(sim, GRACE.token, 'GET', `${USERS}${ALAN.uuid}/`)).status, 404);
  });

  it('shows token and token_lifetime only to the user herself, also in a list holding only her', async () => {
    const other = (await as(sim, ADA.token, 'GET', `${USERS}${GRACE.uuid}/`)).json() as WireUser;
    assert.equal('token' in other || 'token_lifetime' in other, false);
    const own = (await as(sim, GRACE.token, 'GET', `${USERS}${GRACE.uuid}/`)).json() as WireUser;
    assert.equal(own.token, GRACE.token);
    const listed = (await as(sim, GRACE.token, 'GET', USERS, { query: { username: 'grace' } })).json() as WireUser[];
    assert.equal(listed[0]!.token, GRACE.token);
    const both = (await as(sim, GRACE.token, 'GET', USERS)).json() as WireUser[];
    assert.equal(
      both.some((u) => 'token' in u),
      false,
    );
  });
});

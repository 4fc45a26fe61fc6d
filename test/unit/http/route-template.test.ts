import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { routeTemplate } from '../../../src/http/route-template.js';

describe('route templates (metrics labels and span names)', () => {
  it('keeps the API’s literal segments and replaces every value', () => {
    const cases: [string, string][] = [
      ['/api/users/', '/api/users/'],
      ['/api/users/0d5b0c4c8cd94c6c9d1c3e0c3b6f2a11/', '/api/users/{uuid}/'],
      ['/api/users/0D5B0C4C-8CD9-4C6C-9D1C-3E0C3B6F2A11/token/', '/api/users/{uuid}/token/'],
      ['/api/customers/0d5b0c4c8cd94c6c9d1c3e0c3b6f2a11/list_users/', '/api/customers/{uuid}/list_users/'],
      ['/api/users/ada%40example.org', '/api/users/{email}'],
      ['/api/users/ada%40Example.org', '/api/users/{email}'],
      ['/api/users/ADA%40EXAMPLE.ORG', '/api/users/{email}'],
      ['/api/users/ada@example.org', '/api/users/{email}'],
      ['/v1/orgs/self/users/ada%40example.org', '/v1/orgs/self/users/{email}'],
      ['/api/users/12345/', '/api/users/{id}/'],
      ['/api/users/Ada/', '/api/users/{id}/'],
      ['/waldur/api/users/', '/waldur/api/users/'],
      ['', ''],
      ['/', '/'],
      ['//x//', '//x//'],
      ['users', 'users'],
      ['/v123/x', '/{id}/x'],
      ['/api/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', '/api/{id}'],
    ];
    for (const [path, route] of cases) assert.equal(routeTemplate(path), route, path);
  });

  it('never lets a uuid through as a literal, in either length', () => {
    // A uuid of hex letters only also matches the literal pattern (lower-case letters): the uuid test must win.
    assert.equal(routeTemplate('/api/users/abcdefabcdefabcdefabcdefabcdefab/'), '/api/users/{uuid}/');
    assert.equal(routeTemplate('/api/users/abcdefab-cdef-abcd-efab-cdefabcdefab/'), '/api/users/{uuid}/');
  });

  it('gives as many labels as the API has routes, whatever ids and emails pass', () => {
    const routes = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const hex = (i * 2654435761).toString(16).padStart(32, '0').slice(-32);
      routes.add(routeTemplate(`/api/users/${hex}/`));
      routes.add(routeTemplate(`/api/users/user${i}%40example.org`));
      routes.add(routeTemplate(`/api/users/${i}/`));
    }
    assert.deepEqual([...routes].sort(), ['/api/users/{email}', '/api/users/{id}/', '/api/users/{uuid}/']);
  });
});

import { createHash } from 'node:crypto';

/** A deterministic large directory for benchmarks (same input, same seed): the shape of the reference seed, scaled. */
export function largeSeed(sizes: { dqops: number; waldur: number; rockset: number }): Record<string, unknown> {
  const hex = (text: string) => createHash('md5').update(text).digest('hex');
  const first = ['Ada', 'Grace', 'Alan', 'Katherine', 'Edsger', 'Margaret', 'Barbara', 'Linus', 'Donald', 'Frances'];
  const last = ['Lovelace', 'Hopper', 'Turing', 'Johnson', 'Dijkstra', 'Hamilton', 'Liskov', 'Torvalds', 'Knuth', 'Allen'];
  const person = (i: number) => ({
    first: first[i % first.length] ?? 'A',
    last: last[Math.floor(i / 10) % last.length] ?? 'B',
    email: `user${String(i).padStart(5, '0')}@example.org`,
  });
  const roles = ['admin', 'editor', 'operator', 'viewer'];
  return {
    dqops: {
      dataDomains: ['(default)', 'datalake', 'finance'],
      users: [
        { email: 'bench-admin@example.org', accountRole: 'admin', dataDomainRoles: {}, password: 'Bench-Admin-1' },
        ...Array.from({ length: sizes.dqops }, (_, i) => ({
          email: person(i).email,
          accountRole: roles[i % roles.length],
          dataDomainRoles: i % 3 === 0 ? { datalake: 'editor' } : {},
          password: `Pw-${i}-bench`,
        })),
      ],
      apiKeys: [{ key: 'bench-dqops-admin', email: 'bench-admin@example.org' }],
    },
    waldur: {
      customers: [{ uuid: hex('customer'), name: 'Bench Ltd' }],
      projects: [{ uuid: hex('project'), name: 'Bench', customer_uuid: hex('customer') }],
      users: [
        {
          uuid: hex('waldur-admin'),
          username: 'bench-admin',
          first_name: 'Bench',
          last_name: 'Admin',
          email: 'bench-admin@example.org',
          is_staff: true,
          token: 'bench-waldur-admin',
        },
        ...Array.from({ length: sizes.waldur }, (_, i) => ({
          uuid: hex(`waldur-${i}`),
          username: `user${i}`,
          first_name: person(i).first,
          last_name: person(i).last,
          email: person(i).email,
          is_staff: false,
          is_active: i % 50 !== 0,
          date_joined: '2024-01-01T00:00:00Z',
        })),
      ],
      roleAssignments: [],
    },
    rockset: {
      users: [
        { email: 'bench-admin@example.org', first_name: 'Bench', last_name: 'Admin', roles: ['admin'], state: 'ACTIVE', created_at: '2024-01-01T00:00:00Z' },
        ...Array.from({ length: sizes.rockset }, (_, i) => ({
          email: person(i).email,
          first_name: person(i).first,
          last_name: person(i).last,
          roles: [i % 2 === 0 ? 'member' : 'read-only'],
          state: 'ACTIVE',
          created_at: '2024-01-01T00:00:00Z',
        })),
      ],
      apiKeys: [{ key: 'bench-rockset-admin', email: 'bench-admin@example.org' }],
    },
  };
}

export const BENCH_CREDENTIALS = { dqops: 'bench-dqops-admin', waldur: 'bench-waldur-admin', rockset: 'bench-rockset-admin' } as const;

/** The Waldur uuid of the benchmark's user i. */
export function waldurUuid(i: number): string {
  return createHash('md5').update(`waldur-${i}`).digest('hex');
}

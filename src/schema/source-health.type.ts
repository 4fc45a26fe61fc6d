import { DateTimeResolver } from 'graphql-scalars';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { ErrorCode } from '../errors.js';
import type { SourceStatus as Status } from '../http/source-health.js';
import { ErrorCodeEnum } from './error-codes.enum.js';

export const SourceStatus = { UP: 'UP', DEGRADED: 'DEGRADED', DOWN: 'DOWN', UNKNOWN: 'UNKNOWN' } as const satisfies Record<Status, Status>;

registerEnumType(SourceStatus, {
  name: 'SourceStatus',
  description: "A source's health as the gateway sees it from its recent calls; reading it calls no vendor.",
  valuesConfig: {
    UP: { description: 'The recent calls succeeded.' },
    DEGRADED: { description: 'Some of the last calls failed; the circuit is closed.' },
    DOWN: { description: 'The circuit is open: calls fail at once until a probe succeeds (see retryAt).' },
    UNKNOWN: { description: 'No call has been made yet.' },
  },
});

@ObjectType('SourceError', { description: 'The last failure of a call to a source.' })
export class SourceErrorType {
  @Field(() => ErrorCodeEnum, { description: 'What failed: UPSTREAM_TIMEOUT, UPSTREAM_UNAVAILABLE, ... (the README has the table).' })
  code!: ErrorCode;

  @Field(() => DateTimeResolver, { description: 'When the failure happened.' })
  at!: Date;
}

@ObjectType('SourceCache', {
  description:
    'The shared list snapshot of a list-everything source (DQOps, Rockset): changes made through the gateway show at once, changes made at the vendor within the TTL.',
})
export class SourceCacheType {
  @Field(() => Int, { nullable: true, description: 'Age of the newest snapshot, in ms; null when none is held.' })
  ageMs!: number | null;

  @Field(() => Int, { description: 'Lists answered from a snapshot since start.' })
  hits!: number;

  @Field(() => Int, { description: 'Lists that had to be asked of the vendor since start.' })
  misses!: number;
}

import { DateTimeResolver } from 'graphql-scalars';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import type { SourceStatus as Status } from '../http/source-health.js';

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
  @Field(() => String, { description: 'The error code (UPSTREAM_TIMEOUT, UPSTREAM_UNAVAILABLE, ...).' })
  code!: string;

  @Field(() => DateTimeResolver)
  at!: Date;
}

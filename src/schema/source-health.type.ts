import { DateTimeResolver } from 'graphql-scalars';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { ErrorCode } from '../errors.js';
import type { StatusReason as Reason, SourceStatus as Status } from '../http/source-health.js';
import { ErrorCodeEnum } from './error-codes.enum.js';

export const SourceStatus = { UP: 'UP', DEGRADED: 'DEGRADED', DOWN: 'DOWN', UNKNOWN: 'UNKNOWN' } as const satisfies Record<Status, Status>;

registerEnumType(SourceStatus, {
  name: 'SourceStatus',
  description: "A source's health as the gateway sees it from its recent calls; reading it calls no vendor.",
  valuesConfig: {
    UP: { description: 'The recent calls succeeded.' },
    DEGRADED: { description: 'Some of the last calls failed; the circuit is closed.' },
    DOWN: { description: "Not usable now: the circuit is open, the gateway's credential is refused, or the last probe failed (see statusReason)." },
    UNKNOWN: { description: 'No call has been made yet.' },
  },
});

export const SourceStatusReason = {
  CIRCUIT_OPEN: 'CIRCUIT_OPEN',
  CREDENTIAL_REJECTED: 'CREDENTIAL_REJECTED',
  PROBE_FAILED: 'PROBE_FAILED',
  RECENT_FAILURES: 'RECENT_FAILURES',
  NO_CALLS: 'NO_CALLS',
  HEALTHY: 'HEALTHY',
} as const satisfies Record<Reason, Reason>;

registerEnumType(SourceStatusReason, {
  name: 'SourceStatusReason',
  description: 'Why a source has its status.',
  valuesConfig: {
    CIRCUIT_OPEN: { description: 'DOWN: the circuit breaker opened after failures; calls fail at once until retryAt.' },
    CREDENTIAL_REJECTED: { description: "DOWN: the vendor refused the gateway's own credential (401, or 403 to a read): expired, revoked or wrong." },
    PROBE_FAILED: { description: 'DOWN: the last background probe could not reach the vendor, or got no usable answer.' },
    RECENT_FAILURES: { description: 'DEGRADED: some of the last ten calls failed.' },
    NO_CALLS: { description: 'UNKNOWN: no call or probe has been made yet.' },
    HEALTHY: { description: 'UP: the recent calls succeeded.' },
  },
});

@ObjectType('SourceError', { simpleResolvers: true, description: 'The last failure of a call to a source.' })
export class SourceErrorType {
  @Field(() => ErrorCodeEnum, { description: 'What failed: UPSTREAM_TIMEOUT, UPSTREAM_UNAVAILABLE, ... (the README has the table).' })
  code!: ErrorCode;

  @Field(() => DateTimeResolver, { description: 'When the failure happened.' })
  at!: Date;
}

@ObjectType('SourceCache', {
  simpleResolvers: true,
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

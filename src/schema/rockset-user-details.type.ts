import { Field, ObjectType } from 'type-graphql';
import type { RocksetUserDetails } from '../sources/model.js';

@ObjectType('RocksetUserDetails', { simpleResolvers: true, description: 'Rockset `User`, as the vendor sends it.' })
export class RocksetUserDetailsType implements Omit<RocksetUserDetails, 'vendor'> {
  @Field(() => String, { nullable: true, description: '`NEW` (invited) or `ACTIVE`.' })
  state!: string | null;

  @Field(() => [String], { description: 'Role names: `admin`, `member`, `read-only` or custom roles.' })
  roles!: string[];

  @Field(() => String, { nullable: true, description: 'As sent (ISO-8601, no declared format); `User.createdAt` has it parsed.' })
  createdAt!: string | null;

  @Field(() => String, { description: 'Given name; Rockset hides it while the user is NEW (invited).', nullable: true })
  firstName!: string | null;

  @Field(() => String, { description: 'Family name; hidden while NEW, like firstName.', nullable: true })
  lastName!: string | null;
}

import { Field, InputType } from 'type-graphql';
import type { UserStatus as Status } from '../sources/model.js';
import type { UserFilter } from '../sources/source.js';
import { UserStatus } from './enums.js';

@InputType('UserFilter', { description: 'All given conditions must hold.' })
export class UserFilterInput implements UserFilter {
  @Field(() => String, { nullable: true, description: 'Case-insensitive substring of email, username, first, last or display name.' })
  query?: string;

  @Field(() => String, { nullable: true, description: 'Case-insensitive exact email.' })
  email?: string;

  @Field(() => UserStatus, { nullable: true })
  status?: Status;

  @Field(() => String, { nullable: true, description: 'A vendor role name (`editor`, `PROJECT.ADMIN`, `read-only`, `staff`), case-insensitive, in any scope.' })
  role?: string;
}

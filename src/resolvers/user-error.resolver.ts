import { FieldResolver, Resolver, Root } from 'type-graphql';
import { UserErrorType } from '../schema/user-error.type.js';
import type { UserErrorInfo } from '../sources/model.js';

/** Input problems carry no `retryable`: sending the same input again fails the same way. */
@Resolver(() => UserErrorType)
export class UserErrorResolver {
  @FieldResolver(() => Boolean, { description: 'True when the same mutation may succeed if sent again later (after retryAfter, when given).' })
  retryable(@Root() error: UserErrorInfo): boolean {
    return error.retryable ?? false;
  }
}

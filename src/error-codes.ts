/**
 * Every code a client can see, each with what it means, defined once: `extensions.code` values
 * are typed from these lists, the GraphQL enums `ErrorCode` and `UserErrorCode` are built from
 * them, and a test checks the README's table against them.
 */

/** Failures of one source: the other sources' data still comes back (PRODUCT.md section 4). */
export const SOURCE_ERROR_CODES = {
  NOT_FOUND: 'The source has no such object (a user, a scope).',
  UNSUPPORTED_BY_SOURCE: "The source's vendor does not offer this operation; nothing was sent (see Source.capabilities).",
  UPSTREAM_UNAUTHORIZED: "The source refused the gateway's credential, or the caller's forwarded one (HTTP 401).",
  UPSTREAM_FORBIDDEN: 'The credential is valid but may not do this at the source (HTTP 403).',
  UPSTREAM_CONFLICT: 'The source reports a conflict with its current state (HTTP 409).',
  UPSTREAM_RATE_LIMITED: "The source asked the gateway to slow down (HTTP 429), or the gateway's queue for it is full; see retryAfter.",
  UPSTREAM_TIMEOUT: 'The source did not answer within its deadline.',
  UPSTREAM_UNAVAILABLE: 'The source could not be reached, answered 5xx, or its circuit is open.',
  UPSTREAM_BAD_RESPONSE: 'The source answered with something its contract does not allow.',
  OUTCOME_UNKNOWN: 'A write was sent but its answer never came: it may have been applied. Check before trying again.',
} as const;

/** Refusals of the request or the caller by the gateway itself, before or instead of any source call. */
export const GATEWAY_ERROR_CODES = {
  BAD_USER_INPUT: 'An argument or variable is not acceptable; `extensions.argument` names it.',
  UNAUTHENTICATED: "No credential, or one the gateway does not accept; for a source in forward mode, no credential of the caller's own for it.",
  FORBIDDEN: "The caller's role or grants do not allow this field or source.",
} as const;

/** Refusals for asking too much (README "Limits"); each message starts with its code and gives the figure. */
export const LIMIT_ERROR_CODES = {
  DEPTH_LIMIT_EXCEEDED: 'The operation nests deeper than limits.maxDepth.',
  ALIAS_LIMIT_EXCEEDED: 'The operation has more aliases than limits.maxAliases.',
  DIRECTIVE_LIMIT_EXCEEDED: 'The operation has more directives than limits.maxDirectives.',
  TOKEN_LIMIT_EXCEEDED: 'The document has more tokens than limits.maxTokens.',
  COST_LIMIT_EXCEEDED: 'The operation costs more than limits.maxCost.',
  MUTATION_LIMIT_EXCEEDED: 'More mutations in one request than limits.maxMutations, or more than one password or token mutation.',
  BATCH_LIMIT_EXCEEDED: 'A batched request (a JSON array) while batching is off, or with too many operations.',
  RESPONSE_LIMIT_EXCEEDED: 'The answer would hold more objects than limits.maxResolvedObjects.',
  RATE_LIMITED: 'The caller used up its requests or cost for this minute (HTTP 429 with Retry-After).',
  PERSISTED_QUERY_NOT_FOUND: 'No trusted document has this id.',
  PERSISTED_QUERY_NOT_ALLOWED: 'Trusted documents are enforced and this document is not one of them.',
} as const;

/** Answers to mutations sent with an Idempotency-Key (README "Scale-out"). */
export const IDEMPOTENCY_ERROR_CODES = {
  IDEMPOTENCY_KEY_REUSED: 'This Idempotency-Key was used with another request body (HTTP 422); use a new key.',
  IN_PROGRESS: 'A request with this Idempotency-Key is still running (HTTP 409); try again shortly for its answer.',
  STATE_UNAVAILABLE: 'The shared state store cannot be reached to keep the Idempotency-Key (HTTP 503); nothing was run.',
} as const;

/** Apollo Server's and graphql-js's own codes, passed through (their messages with input values masked). */
export const REQUEST_ERROR_CODES = {
  GRAPHQL_PARSE_FAILED: 'The document is not valid GraphQL syntax.',
  GRAPHQL_VALIDATION_FAILED: 'The document does not fit the schema (an unknown field, a missing selection).',
  BAD_REQUEST: 'The HTTP request is not a GraphQL request this server accepts (method, headers, body, CSRF protection).',
  PERSISTED_QUERY_NOT_SUPPORTED: 'Automatic persisted queries are not offered; use trusted documents (server.trustedDocuments) or send the query.',
  OPERATION_RESOLUTION_FAILURE: 'The document has several operations and `operationName` names none of them.',
  INTERNAL_SERVER_ERROR: 'Something unexpected failed inside the gateway; the log has the details (never the client).',
} as const;

/** What is wrong with a mutation's input, found by the gateway before any call or by the vendor. */
export const INPUT_ERROR_CODES = {
  INVALID: "The value does not fit the rule the message names (the gateway's or the vendor's).",
  REQUIRED: 'The field must be given.',
  TOO_LONG: 'The value is longer than the message says is allowed.',
  NOT_ALLOWED: "The source's vendor has no such thing, or the change does not apply (a role not held).",
  TAKEN: 'Another user already has this value (a duplicate email or username, whatever the vendor).',
  LIMIT_EXCEEDED: 'The source refused for a licence or quota limit.',
  STALE: 'What the input was based on has changed or expired (an offboarding plan); ask again.',
  LOCKED: 'Another write to the same account is still running, or the shared state store cannot be reached to lock it; nothing was sent. Try again shortly.',
} as const;

export type SourceErrorCode = keyof typeof SOURCE_ERROR_CODES;
export type LimitErrorCode = keyof typeof LIMIT_ERROR_CODES;
export type InputErrorCode = keyof typeof INPUT_ERROR_CODES;

/** Every `extensions.code` the gateway sends. */
export const ERROR_CODES = { ...GATEWAY_ERROR_CODES, ...SOURCE_ERROR_CODES, ...LIMIT_ERROR_CODES, ...IDEMPOTENCY_ERROR_CODES, ...REQUEST_ERROR_CODES } as const;
export type AnyErrorCode = keyof typeof ERROR_CODES;

/**
 * `UserError.code`: an input problem, or the failure of the one source a mutation wrote to. A
 * frontend renders a mixed batch of mutations from `data` alone: one code list for both kinds.
 */
export const USER_ERROR_CODES = { ...INPUT_ERROR_CODES, ...SOURCE_ERROR_CODES, UNAUTHENTICATED: GATEWAY_ERROR_CODES.UNAUTHENTICATED } as const;
export type UserErrorCode = keyof typeof USER_ERROR_CODES;

import { isIP } from 'node:net';
import { z } from 'zod';
import { VENDOR_NAMES } from '../vendors.js';

/** An IPv4 or IPv6 address, optionally with a /prefix. */
function isCidr(value: string): boolean {
  const [address = '', prefix, ...rest] = value.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d+$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}

/** Source names are what clients type in queries and what appears in error extensions. */
const SOURCE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;
/** Forwarded credentials travel in a header the caller names; lower-case like Node's header keys. */
const HEADER_NAME = /^[a-z0-9][a-z0-9-]*$/;

const httpUrl = z
  .string()
  .url('must be an absolute URL such as http://127.0.0.1:8888')
  // zod runs a refinement even after .url() failed: an unparsable URL must not throw here.
  .refine((u) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol), 'must use http or https')
  .transform((u) => u.replace(/\/+$/, ''));

const credentialsSchema = z.discriminatedUnion('mode', [
  z
    .object({
      mode: z.literal('service').describe('The gateway sends a secret of its own on every call.'),
      secret: z
        .string()
        .min(1, 'must not be empty')
        .describe(
          'The vendor credential (API key or token); give it as an environment reference (`$` and the variable in braces) so it stays out of the file.',
        ),
    })
    .strict(),
  z
    .object({
      mode: z.literal('forward').describe("Each caller sends its own vendor credential, so the vendor's own permissions apply."),
      header: z
        .string()
        .transform((h) => h.toLowerCase())
        .pipe(z.string().regex(HEADER_NAME, 'must be an HTTP header name such as x-dqops-authorization'))
        .describe('The request header the caller puts its credential in, e.g. x-dqops-authorization.'),
    })
    .strict(),
]);

/** How the gateway treats a struggling source (README "Resilience"); every key has a default. */
const resilienceSchema = z
  .object({
    retries: z.number().int().min(0).max(5).default(2).describe('Retries of an idempotent read or update (never a POST or DELETE) after the first try.'),
    retryBudgetPercent: z
      .number()
      .min(0)
      .max(100)
      .default(20)
      .describe("Retries may be at most this share of a source's calls over the last 10 s (plus 3), so a failing vendor is not hammered."),
    backoffBaseMs: z.number().int().min(1).max(10_000).default(25).describe('Backoff before retry n: a random wait up to min(max, base * 2^n) (full jitter).'),
    backoffMaxMs: z.number().int().min(1).max(60_000).default(250).describe('The longest backoff before a retry, in ms.'),
    maxRetryAfterMs: z
      .number()
      .int()
      .min(0)
      .max(60_000)
      .default(2_000)
      .describe("A vendor's Retry-After is honoured up to this; a longer one is not waited for."),
    breaker: z
      .object({
        enabled: z.boolean().default(true).describe('Use the breaker.'),
        consecutiveFailures: z.number().int().min(1).max(1_000).default(5).describe('Opens after this many failures in a row...'),
        failureRatio: z.number().min(0.01).max(1).default(0.5).describe('...or when this share of the last `windowCalls` calls failed (after `minimumCalls`).'),
        windowCalls: z.number().int().min(2).max(10_000).default(20).describe('How many recent calls failureRatio looks at.'),
        minimumCalls: z.number().int().min(1).max(10_000).default(10).describe('Calls the breaker waits for before failureRatio can open it.'),
        halfOpenAfterMs: z
          .number()
          .int()
          .min(50)
          .max(600_000)
          .default(10_000)
          .describe('While open, calls fail at once; after this, one probe call is let through.'),
      })
      .strict()
      .default({})
      .describe('The circuit breaker: calls fail at once while the source is failing.'),
    bulkhead: z
      .object({
        maxConcurrent: z.number().int().min(1).max(1_000).default(16).describe("Calls in flight to this source at once (also the connection pool's size)."),
        maxQueue: z
          .number()
          .int()
          .min(0)
          .max(10_000)
          .optional()
          .describe(
            "Calls waiting for a slot (default: maxConcurrent); beyond, a call fails at once with UPSTREAM_RATE_LIMITED. Time waiting counts against the try's timeoutMs.",
          ),
      })
      .strict()
      // A short queue: a longer one only holds calls that would time out waiting (issue 24 measured 4 waves).
      .transform((b) => ({ ...b, maxQueue: b.maxQueue ?? b.maxConcurrent }))
      .default({})
      .describe("Caps the calls in flight to the source, to protect the vendor's own limits."),
  })
  .strict();

export const DEFAULT_RESILIENCE: z.output<typeof resilienceSchema> = resilienceSchema.parse({});

export const sourceConfigSchema = z
  .object({
    name: z
      .string()
      .regex(SOURCE_NAME, 'must be 1-63 letters, digits, "_", "." or "-", starting with a letter or digit')
      .describe('Unique; what queries, errors and metrics call this source.'),
    vendor: z.enum(VENDOR_NAMES).describe('The product behind the source.'),
    url: httpUrl.describe("The base URL of the vendor's API (no redirects are followed)."),
    credentials: credentialsSchema.describe(
      "How the gateway authenticates to the vendor: a service secret (`mode: service`, from the environment), or the caller's own credential sent in a header (`mode: forward`).",
    ),
    timeoutMs: z.number().int().min(1).max(120_000).default(5_000).describe('Deadline of one try of one upstream call, in ms.'),
    required: z.boolean().default(false).describe('`/readyz` is 503 while a required source is DOWN (with none required: while every source is DOWN).'),
    resilience: resilienceSchema.default({}).describe('How the gateway treats a struggling source (README "Resilience").'),
    cache: z
      .object({
        listTtlMs: z
          .number()
          .int()
          .min(0)
          .max(600_000)
          .default(3_000)
          .describe(
            'How long what a source listed answers every request (per credential): the whole list of a list-everything vendor (DQOps, Rockset), each window of a paging one (Waldur); 0 turns it off.',
          ),
        staleMs: z.number().int().min(0).max(600_000).default(3_000).describe('How long past the TTL the old list may still answer while a new one loads.'),
        maxCredentials: z
          .number()
          .int()
          .min(1)
          .max(10_000)
          .default(100)
          .describe('Credentials with a list of their own (forward mode: one per caller); the least recently used go first.'),
        maxUsers: z.number().int().min(1).max(10_000_000).default(200_000).describe('A list longer than this is used but not kept.'),
        maxWindows: z
          .number()
          .int()
          .min(1)
          .max(100_000)
          .default(100)
          .describe(
            'Windows of a paging vendor kept, across credentials; the least recently used go first. A window holds up to 300 mapped users (about 2.5 KB each with full Waldur records), so 100 windows are 75 MB at most.',
          ),
      })
      .strict()
      .default({})
      .describe('Shared snapshots of what a source lists (README "Caching").'),
  })
  .strict();

/** A source name, or a pattern of one with `*` wildcards (`rockset-*`), limiting what a caller may use. */
const SOURCE_PATTERN = /^[A-Za-z0-9_.*-]{1,63}$/;
const sourcePatterns = z
  .array(z.string().regex(SOURCE_PATTERN, 'must be a source name or a pattern such as "rockset-*"'))
  .min(1, 'must list at least one source name or pattern; leave the key out for every source');

export const ROLES = ['viewer', 'admin'] as const;
const role = z.enum(ROLES);

const apiKeySchema = z
  .object({
    name: z
      .string()
      .regex(/^[A-Za-z0-9_.@-]{1,64}$/, 'must be 1-64 letters, digits, "_", ".", "@" or "-"')
      .describe('Who the key belongs to: audit events name the caller `apikey:<name>`.'),
    hash: z
      .string()
      .regex(/^sha256:[0-9a-f]{64}$/, 'must be "sha256:" and 64 lower-case hex digits, as `usergraph hash-key` prints it')
      .describe("The key's SHA-256, as `usergraph hash-key` prints it; the key itself is never stored."),
    role: role.describe('`viewer` (queries) or `admin` (mutations, tokens, personal data).'),
    sources: sourcePatterns.optional().describe('Source names or patterns (`rockset-*`) this key may use; absent: every source.'),
    pii: z
      .boolean()
      .default(false)
      .describe('Viewers with this may read personal data (Waldur civil numbers, birth dates, phone numbers, IP addresses); admins always may.'),
  })
  .strict();

/** Asymmetric algorithms only: an HMAC secret in a gateway config is one more secret to leak, and HS* is what algorithm confusion abuses. */
export const JWT_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;

const jwtSchema = z
  .object({
    jwksUrl: httpUrl.optional().describe("The identity provider's JWKS URL (keys are cached and refetched on an unknown `kid`)."),
    publicKey: z
      .string()
      .includes('BEGIN PUBLIC KEY', { message: 'must be a PEM public key (-----BEGIN PUBLIC KEY-----)' })
      .optional()
      .describe('A PEM public key (SPKI, `-----BEGIN PUBLIC KEY-----`), instead of a JWKS.'),
    issuer: z.string().min(1).describe('The `iss` every token must carry.'),
    audience: z
      .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
      .describe('The `aud` a token must carry: one value, or a list of which any one will do.'),
    algorithms: z.array(z.enum(JWT_ALGORITHMS)).min(1).default(['RS256']).describe('The signing algorithms accepted (asymmetric only).'),
    roleClaim: z
      .string()
      .min(1)
      .default('role')
      .describe("The claim that holds the caller's role(s): a name or a dotted path (`realm_access.roles`); a string or an array of strings."),
    roleMap: z
      .record(z.string(), role)
      .default({})
      .describe('Claim value -> gateway role; a value named exactly `viewer` or `admin` maps to itself. The highest mapped role wins.'),
    sourcesClaim: z
      .string()
      .min(1)
      .optional()
      .describe('A claim with the source names or patterns the caller may use (array, or space-separated string); absent: every source.'),
    piiClaim: z
      .string()
      .min(1)
      .default('scope')
      .describe('The claim (a name or dotted path) that grants reading personal data: `true`, or holding `piiValue`.'),
    piiValue: z
      .string()
      .min(1)
      .default('usergraph:pii')
      .describe('The value in `piiClaim` (a string, space-separated, or an array) that grants reading personal data.'),
    clockToleranceSec: z.number().int().min(0).max(300).default(30).describe('Clock skew allowed when checking `exp` and `nbf`, in seconds.'),
    jwksTimeoutMs: z.number().int().min(100).max(30_000).default(5_000).describe('Deadline of a JWKS fetch.'),
    jwksCooldownMs: z
      .number()
      .int()
      .min(0)
      .max(3_600_000)
      .default(30_000)
      .describe('A token with an unknown `kid` refetches the JWKS at most this often (key rotation without letting junk tokens hammer the issuer).'),
  })
  .strict()
  .refine((j) => (j.jwksUrl === undefined) !== (j.publicKey === undefined), { message: 'give exactly one of jwksUrl and publicKey' });

export const authConfigSchema = z
  .object({
    anonymous: z.enum(['none', 'viewer']).default('none').describe('What a request without credentials may do: nothing (401), or read as a viewer.'),
    apiKeys: z.array(apiKeySchema).default([]).describe('API keys, stored as hashes (`usergraph hash-key` makes a key and its hash).'),
    jwt: jwtSchema.optional().describe('Bearer JWTs from an identity provider, verified against its JWKS or a public key.'),
    planSigningKey: z
      .string()
      .min(32, 'must be at least 32 characters (e.g. `openssl rand -base64 32`)')
      .optional()
      .describe(
        'The HMAC-SHA256 key offboarding plans are signed with; give it from the environment. The same on every replica. Absent: a random key per process (plans then do not survive a restart or cross replicas).',
      ),
    planTtlSeconds: z
      .number()
      .int()
      .min(60)
      .max(604_800)
      .default(3_600)
      .describe('How long an offboarding plan may be carried out after planOffboarding made it.'),
    maxFailuresPerMinute: z
      .number()
      .int()
      .min(1)
      .max(100_000)
      .default(20)
      .describe('Failed authentications one client address may make per minute before it gets 429 without any checking.'),
  })
  .strict();

const corsSchema = z
  .object({
    origins: z
      .array(z.string().regex(/^https?:\/\/[^/\s]+$/, 'must be an origin such as https://app.example.com (no path, no trailing slash)'))
      .default([])
      .describe("Origins (scheme://host[:port]) whose pages may call the gateway; Apollo Sandbox's own origins are added while `sandbox` is on."),
  })
  .strict();

/** What one request may ask for, checked before it runs (README "Limits"). */
const limitsSchema = z
  .object({
    maxDepth: z.number().int().min(1).max(100).default(10).describe('Deepest selection nesting.'),
    maxAliases: z.number().int().min(0).max(1_000).default(15).describe('Aliased fields in one operation.'),
    maxTokens: z.number().int().min(50).max(100_000).default(2_000).describe('Tokens in one document (parsing stops past it).'),
    maxDirectives: z.number().int().min(0).max(1_000).default(20).describe('Directives in one operation.'),
    maxCost: z
      .number()
      .int()
      .min(1)
      .max(10_000_000)
      .default(5_000)
      .describe('Cost: 0 per scalar, 1 per object, 10 per field that calls upstream, lists multiplied by `first` (see README).'),
    maxMutations: z.number().int().min(1).max(100).default(5).describe('Root mutation fields in one request, aliases and fragments included.'),
    maxResolvedObjects: z
      .number()
      .int()
      .min(100)
      .max(10_000_000)
      .default(20_000)
      .describe('Objects in list fields of one response; the dynamic bound for shapes the cost misjudges.'),
    maxOffboardSteps: z
      .number()
      .int()
      .min(1)
      .max(1_000)
      .default(50)
      .describe('Steps one offboarding plan may hold (planOffboarding and offboard refuse more before any write): each is a vendor write.'),
  })
  .strict();

const batchingSchema = z
  .object({
    enabled: z.boolean().default(false).describe('Accept batched requests.'),
    maxOperations: z.number().int().min(1).max(100).default(10).describe('Operations in one batch.'),
  })
  .strict();

const bucketSchema = z
  .object({
    requestsPerMinute: z.number().int().min(1).max(1_000_000).describe('Requests a caller may make per minute.'),
    costPerMinute: z.number().int().min(1).max(100_000_000).describe('Operation cost a caller may spend per minute (README "Limits" has the cost rules).'),
  })
  .strict();

/** Per caller (the principal; the client address when anonymous), per gateway process. */
const rateLimitsSchema = z
  .object({
    enabled: z.boolean().default(true).describe('Refuse callers past their limits with 429 and Retry-After.'),
    // Sized for a frontend that calls with one key for all its users: 100 requests/s, and cost for
    // about 35 pages of users(first: 50) with permissions and people (cost 1,360) every second.
    viewer: bucketSchema.default({ requestsPerMinute: 6_000, costPerMinute: 3_000_000 }).describe('The limits of callers with the viewer role.'),
    admin: bucketSchema.default({ requestsPerMinute: 6_000, costPerMinute: 3_000_000 }).describe('The limits of callers with the admin role.'),
    anonymous: bucketSchema
      .default({ requestsPerMinute: 600, costPerMinute: 300_000 })
      .describe('The limits of callers without a credential (auth.anonymous: viewer), per client address.'),
  })
  .strict();

const trustedDocumentsSchema = z
  .object({
    mode: z
      .enum(['off', 'allow-and-log', 'enforce'])
      .default('off')
      .describe('`off`: any document; `allow-and-log`: any, unknown ones logged; `enforce`: only documents in the manifest.'),
    manifest: z
      .string()
      .min(1)
      .optional()
      .describe('A JSON manifest: `{ "<sha256>": "<document>" }` (GraphQL Code Generator) or Apollo\'s persisted-query manifest.'),
    allowArbitraryForAdmin: z
      .boolean()
      .default(false)
      .describe('With `enforce`: admins may still send documents not in the manifest (for Sandbox and scripts).'),
  })
  .strict()
  .refine((t) => t.mode === 'off' || t.manifest !== undefined, { message: 'a manifest file is needed unless mode is off', path: ['manifest'] });

export const serverConfigSchema = z
  .object({
    port: z.number().int().min(0).max(65_535).default(4000).describe('The GraphQL port; PORT overrides it.'),
    host: z.string().min(1).default('127.0.0.1').describe('The address to listen on; 127.0.0.1 keeps the gateway on this machine.'),
    mode: z
      .enum(['development', 'production'])
      .optional()
      .describe('`production` (the default when NODE_ENV=production) hides field suggestions, and turns introspection and the Sandbox off unless set here.'),
    landingPage: z
      .enum(['sandbox', 'graphiql', 'none'])
      .optional()
      .describe("What GET /graphql shows a browser: Apollo Sandbox (from Apollo's CDN), GraphiQL (served by the gateway, works offline) or nothing."),
    sandbox: z.boolean().optional().describe('The older switch for the Sandbox: `landingPage` wins when both are given.'),
    introspection: z.boolean().optional().describe('Answer schema introspection; off by default in production mode.'),
    limits: limitsSchema.default({}).describe('What one request may ask for, checked before it runs (README "Limits").'),
    batching: batchingSchema.default({}).describe('JSON array bodies holding several operations.'),
    rateLimits: rateLimitsSchema
      .default({})
      .describe('Requests and cost per minute, per caller (the principal; the client address when anonymous), per gateway process.'),
    trustedDocuments: trustedDocumentsSchema.default({}).describe('Persisted (trusted) documents: which operations production frontends may send.'),
    requestTimeoutMs: z
      .number()
      .int()
      .min(100)
      .max(600_000)
      .default(15_000)
      .describe("The whole request's deadline: past it, unfinished upstream calls are cut and each of their sources reports an error."),
    upstreamStats: z.boolean().default(false).describe('Add the upstream call counts of each request to `extensions.upstream` in its answer.'),
    directExecution: z
      .boolean()
      .default(true)
      .describe(
        "Run a query whose text Apollo Server has already validated straight through graphql-js, with the same plugins and the same answer, without Apollo's HTTP layer and request pipeline; false sends every request through Apollo. Off for a federation subgraph.",
      ),
    compileQueries: z
      .boolean()
      .default(true)
      .describe(
        'With directExecution: run each such query with the function graphql-jit compiles from its document (once per document), falling back to graphql-js for a document it cannot compile and for any request whose variables it does not accept (variables that do not coerce, a non-null variable with a default left out); false runs them all in graphql-js.',
      ),
    federation: z
      .union([
        z.boolean(),
        z
          .object({
            enabled: z.boolean().default(true).describe('Serve the subgraph; false: a plain GraphQL API.'),
            rootPrefix: z
              .string()
              .regex(/^([A-Za-z][A-Za-z0-9]*_)?$/, 'letters and digits ending in `_`, e.g. `ug_`, or empty')
              .default('')
              .describe(
                "Put before every Query and Mutation field (`ug_` makes `users` `ug_users`), so usergraph can join a supergraph that already has `users`, `me` or `node`; '' keeps the names.",
              ),
            typePrefix: z
              .string()
              .regex(/^([A-Z][A-Za-z0-9]*)?$/, 'a capital letter, then letters and digits, e.g. `Ug`, or empty')
              .default('')
              .describe(
                "Put before the name of every type usergraph alone defines (`Ug` makes `UserError` `UgUserError`), for a supergraph where another subgraph has a type of that name with other fields; the entities, `PageInfo`, `Node` and the scalars keep theirs. '' keeps the names.",
              ),
            edgeAuthorization: z
              .boolean()
              .default(false)
              .describe(
                '`@authenticated` and `@requiresScopes` (usergraph:viewer, usergraph:admin, usergraph:pii) on what usergraph guards, for the router to enforce at the edge: Hive Gateway, or Apollo Router with an Enterprise license; Apollo Gateway refuses such a supergraph.',
              ),
            expose: z
              .enum(['queries', 'all'])
              .default('queries')
              .describe(
                "`queries`: the subgraph has no mutations, so the supergraph has none of usergraph's; `all`: they are in the supergraph too, for admins (`@requiresScopes`, tagged `usergraph-mutation` for contracts).",
              ),
          })
          .strict(),
      ])
      .default(false)
      .transform((f) => (typeof f === 'boolean' ? { enabled: f, rootPrefix: '', typePrefix: '', expose: 'queries' as const, edgeAuthorization: false } : f))
      .describe(
        'Serve an Apollo Federation 2 subgraph (`_service`, `_entities`, `@key` on User, Person and Source) for a router to compose: `true`, or `{ rootPrefix, typePrefix, expose, edgeAuthorization }`.',
      ),
    logLevel: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info')
      .describe('pino level; `silent` turns logs off. Audit events of mutations are `info`.'),
    maxBodyBytes: z
      .number()
      .int()
      .min(1024)
      .max(16 * 1024 * 1024)
      .default(1024 * 1024)
      .describe('Largest accepted GraphQL request body.'),
    cors: corsSchema.default({}).describe('Which web pages may call the gateway from a browser.'),
    allowedHosts: z
      .array(z.string().min(1).toLowerCase())
      .default([])
      .describe(
        'Host names (the Host header, without the port) the gateway answers to. Empty: any host, except while listening on loopback, where only loopback names are answered (DNS-rebinding protection).',
      ),
    trustedProxies: z
      .array(z.string().refine(isCidr, 'must be an IP address or a CIDR range such as 10.0.0.0/8'))
      .default([])
      .describe(
        'Proxies (IP or CIDR) whose X-Forwarded-For is believed: only when the socket peer is one of them is the client address taken from it (the rightmost hop that is not a trusted proxy).',
      ),
    health: z
      .object({
        probeIntervalMs: z
          .number()
          .int()
          .min(0)
          .max(3_600_000)
          .default(10_000)
          .describe(
            'Every required source (with a service credential) is read this often in the background, so /readyz and Source.status know with no traffic; 0 turns probing off.',
          ),
        probeAll: z.boolean().default(false).describe('Probe every source with a service credential, not only the required ones.'),
      })
      .strict()
      .default({})
      .describe('Background health probes.'),
    memory: z
      .object({
        heapTargetMb: z
          .number()
          .int()
          .min(0)
          .max(1_048_576)
          .default(160)
          .describe(
            "A soft limit on V8's heap, in MB: above it V8 grows the heap by 20% of what survives a collection instead of up to 4 times (more frequent collections while the heap is over it); 0 leaves V8's defaults. Not a cap: size it above your snapshots' live data. Ignored when node runs with --heap-growing-percent.",
          ),
        pretenuring: z
          .boolean()
          .default(false)
          .describe(
            'V8\'s allocation-site pretenuring. Off by default: after the gateway has read large lists, V8 kept making each request\'s short-lived objects in the old space, and a per-id read cost nearly twice the CPU for as long as the process ran (README "Memory"). Process-wide; ignored when node runs with --allocation-site-pretenuring or --no-allocation-site-pretenuring.',
          ),
      })
      .strict()
      .default({})
      .describe('Memory (README "Memory").'),
    metrics: z
      .object({
        enabled: z.boolean().default(true).describe('Prometheus metrics at `/metrics`.'),
        port: z
          .number()
          .int()
          .min(0)
          .max(65_535)
          .optional()
          .describe('A port of its own for `/metrics` (on `host`), kept off the GraphQL port; absent: `/metrics` on the GraphQL port.'),
      })
      .strict()
      .default({})
      .describe('Prometheus metrics.'),
  })
  .strict();

const stateSchema = z
  .object({
    store: z
      .enum(['memory', 'redis'])
      .default('memory')
      .describe(
        'Where what replicas share lives (write locks, rate limits, snapshot invalidation, idempotency keys): this process (memory), or Redis/Valkey for several replicas.',
      ),
    redis: z
      .object({
        url: z
          .string()
          .regex(/^rediss?:\/\/\S+$/, 'must be a redis:// or rediss:// URL')
          .describe('redis://[user:password@]host:port[/db]; give it from the environment when it holds a password (it is never logged).'),
        keyPrefix: z
          .string()
          .regex(/^[A-Za-z0-9:_.-]{0,64}$/, 'must be at most 64 letters, digits, ":", "_", "." or "-"')
          .default('usergraph:')
          .describe('Put before every key and channel, so several gateways (or other programs) can share one Redis.'),
        connectTimeoutMs: z.number().int().min(100).max(60_000).default(2_000).describe('Deadline of a connection to Redis.'),
        commandTimeoutMs: z
          .number()
          .int()
          .min(50)
          .max(60_000)
          .default(500)
          .describe('Deadline of one Redis command; past it the command fails (limiters fall back to memory, locks are refused).'),
      })
      .strict()
      .optional()
      .describe('The Redis (or Valkey) server, with store: redis.'),
  })
  .strict()
  .refine((s) => s.store !== 'redis' || s.redis !== undefined, { message: 'store: redis needs redis.url', path: ['redis'] });

export const configSchema = z
  .object({
    state: stateSchema.default({}).describe('Shared state for several replicas (README "Scale-out").'),
    server: serverConfigSchema.default({}).describe('How the gateway listens and what one request may ask for.'),
    auth: authConfigSchema.default({}).describe('Who may call the gateway, and as what.'),
    sources: z
      .array(sourceConfigSchema)
      .min(1, 'must list at least one source')
      .describe('The vendor instances the gateway puts one schema over, in the order `sources` lists them.'),
  })
  .strict()
  .superRefine((config, ctx) => {
    if (config.auth.anonymous === 'none' && config.auth.apiKeys.length === 0 && config.auth.jwt === undefined) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['auth'],
        message:
          'no caller could use the gateway: add auth.apiKeys (`usergraph hash-key` makes a key), auth.jwt, or auth.anonymous: viewer for a read-only gateway',
      });
    }
    const keyNames = new Set<string>();
    config.auth.apiKeys.forEach((key, i) => {
      if (keyNames.has(key.name))
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['auth', 'apiKeys', i, 'name'],
          message: `"${key.name}" names another key too; names must be unique`,
        });
      keyNames.add(key.name);
    });
    const seen = new Map<string, number>();
    config.sources.forEach((source, i) => {
      const first = seen.get(source.name);
      if (first !== undefined) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['sources', i, 'name'],
          message: `"${source.name}" is already the name of sources[${first}]; names must be unique`,
        });
      } else {
        seen.set(source.name, i);
      }
    });
  });

type ParsedServerConfig = z.output<typeof serverConfigSchema>;
/** The server section with the mode's defaults filled in (load-config.ts). */
export type ServerConfig = Omit<ParsedServerConfig, 'mode' | 'sandbox' | 'introspection' | 'landingPage'> & {
  mode: 'development' | 'production';
  landingPage: 'sandbox' | 'graphiql' | 'none';
  /** landingPage === 'sandbox'. */
  sandbox: boolean;
  introspection: boolean;
};
export type GatewayConfig = Omit<z.output<typeof configSchema>, 'server'> & { server: ServerConfig };
export type SourceConfig = z.output<typeof sourceConfigSchema>;
export type ResilienceConfig = SourceConfig['resilience'];
export type LimitsConfig = ServerConfig['limits'];
export type RateLimitsConfig = ServerConfig['rateLimits'];
export type TrustedDocumentsConfig = ServerConfig['trustedDocuments'];
export type AuthConfig = z.output<typeof authConfigSchema>;
export type JwtConfig = NonNullable<AuthConfig['jwt']>;
export type Role = (typeof ROLES)[number];
export type StateConfig = z.output<typeof stateSchema>;
export type GatewayConfigInput = z.input<typeof configSchema>;

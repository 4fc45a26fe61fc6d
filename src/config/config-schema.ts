import { z } from 'zod';
import { VENDOR_NAMES } from '../sources/vendors.js';

/** Source names are what clients type in queries and what appears in error extensions. */
const SOURCE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;
/** Forwarded credentials travel in a header the caller names; lower-case like Node's header keys. */
const HEADER_NAME = /^[a-z0-9][a-z0-9-]*$/;

const httpUrl = z
  .string()
  .url('must be an absolute URL such as http://127.0.0.1:8888')
  .refine((u) => /^https?:$/.test(new URL(u).protocol), 'must use http or https')
  .transform((u) => u.replace(/\/+$/, ''));

const credentialsSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('service'), secret: z.string().min(1, 'must not be empty') }).strict(),
  z
    .object({
      mode: z.literal('forward'),
      header: z
        .string()
        .transform((h) => h.toLowerCase())
        .pipe(z.string().regex(HEADER_NAME, 'must be an HTTP header name such as x-dqops-authorization')),
    })
    .strict(),
]);

/** How the gateway treats a struggling source (README "Resilience"); every key has a default. */
const resilienceSchema = z
  .object({
    /** Retries of an idempotent read or update (never a POST or DELETE) after the first try. */
    retries: z.number().int().min(0).max(5).default(2),
    /** Retries may be at most this share of a source's calls over the last 10 s (plus 3), so a failing vendor is not hammered. */
    retryBudgetPercent: z.number().min(0).max(100).default(20),
    /** Backoff before retry n: a random wait up to min(max, base * 2^n) (full jitter). */
    backoffBaseMs: z.number().int().min(1).max(10_000).default(25),
    backoffMaxMs: z.number().int().min(1).max(60_000).default(250),
    /** A vendor's Retry-After is honoured up to this; a longer one is not waited for. */
    maxRetryAfterMs: z.number().int().min(0).max(60_000).default(2_000),
    breaker: z
      .object({
        enabled: z.boolean().default(true),
        /** Opens after this many failures in a row... */
        consecutiveFailures: z.number().int().min(1).max(1_000).default(5),
        /** ...or when this share of the last `windowCalls` calls failed (after `minimumCalls`). */
        failureRatio: z.number().min(0.01).max(1).default(0.5),
        windowCalls: z.number().int().min(2).max(10_000).default(20),
        minimumCalls: z.number().int().min(1).max(10_000).default(10),
        /** While open, calls fail at once; after this, one probe call is let through. */
        halfOpenAfterMs: z.number().int().min(50).max(600_000).default(10_000),
      })
      .strict()
      .default({}),
    bulkhead: z
      .object({
        /** Calls in flight to this source at once (also the connection pool's size). */
        maxConcurrent: z.number().int().min(1).max(1_000).default(16),
        /** Calls waiting for a slot; beyond, a call fails at once with UPSTREAM_RATE_LIMITED. */
        maxQueue: z.number().int().min(0).max(10_000).default(64),
      })
      .strict()
      .default({}),
  })
  .strict();

export const DEFAULT_RESILIENCE: z.output<typeof resilienceSchema> = resilienceSchema.parse({});

export const sourceConfigSchema = z
  .object({
    name: z.string().regex(SOURCE_NAME, 'must be 1-63 letters, digits, "_", "." or "-", starting with a letter or digit'),
    vendor: z.enum(VENDOR_NAMES),
    url: httpUrl,
    credentials: credentialsSchema,
    timeoutMs: z.number().int().min(1).max(120_000).default(5_000),
    /** `/readyz` is 503 while a required source is DOWN (with none required: while every source is DOWN). */
    required: z.boolean().default(false),
    resilience: resilienceSchema.default({}),
    cache: z
      .object({
        /**
         * How long what a source listed answers every request (per credential): the whole list of a
         * list-everything vendor (DQOps, Rockset), each window of a paging one (Waldur); 0 turns it off.
         */
        listTtlMs: z.number().int().min(0).max(600_000).default(3_000),
        /** How long past the TTL the old list may still answer while a new one loads. */
        staleMs: z.number().int().min(0).max(600_000).default(3_000),
        /** Credentials with a list of their own (forward mode: one per caller); the least recently used go first. */
        maxCredentials: z.number().int().min(1).max(10_000).default(100),
        /** A list longer than this is used but not kept. */
        maxUsers: z.number().int().min(1).max(10_000_000).default(200_000),
        /**
         * Windows of a paging vendor kept, across credentials; the least recently used go first. A
         * window holds up to 300 mapped users (about 2.5 KB each with full Waldur records), so 100
         * windows are 75 MB at most.
         */
        maxWindows: z.number().int().min(1).max(100_000).default(100),
      })
      .strict()
      .default({}),
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
    /** Who the key belongs to: audit events name the caller `apikey:<name>`. */
    name: z.string().regex(/^[A-Za-z0-9_.@-]{1,64}$/, 'must be 1-64 letters, digits, "_", ".", "@" or "-"'),
    hash: z.string().regex(/^sha256:[0-9a-f]{64}$/, 'must be "sha256:" and 64 lower-case hex digits, as `usergraph hash-key` prints it'),
    role,
    sources: sourcePatterns.optional(),
  })
  .strict();

/** Asymmetric algorithms only: an HMAC secret in a gateway config is one more secret to leak, and HS* is what algorithm confusion abuses. */
export const JWT_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;

const jwtSchema = z
  .object({
    jwksUrl: httpUrl.optional(),
    /** A PEM public key (SPKI, `-----BEGIN PUBLIC KEY-----`), instead of a JWKS. */
    publicKey: z.string().includes('BEGIN PUBLIC KEY', { message: 'must be a PEM public key (-----BEGIN PUBLIC KEY-----)' }).optional(),
    issuer: z.string().min(1),
    audience: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
    algorithms: z.array(z.enum(JWT_ALGORITHMS)).min(1).default(['RS256']),
    /** The claim that holds the caller's role(s): a name or a dotted path (`realm_access.roles`); a string or an array of strings. */
    roleClaim: z.string().min(1).default('role'),
    /** Claim value -> gateway role; a value named exactly `viewer` or `admin` maps to itself. The highest mapped role wins. */
    roleMap: z.record(z.string(), role).default({}),
    /** A claim with the source names or patterns the caller may use (array, or space-separated string); absent: every source. */
    sourcesClaim: z.string().min(1).optional(),
    clockToleranceSec: z.number().int().min(0).max(300).default(30),
    /** Deadline of a JWKS fetch. */
    jwksTimeoutMs: z.number().int().min(100).max(30_000).default(5_000),
    /** A token with an unknown `kid` refetches the JWKS at most this often (key rotation without letting junk tokens hammer the issuer). */
    jwksCooldownMs: z.number().int().min(0).max(3_600_000).default(30_000),
  })
  .strict()
  .refine((j) => (j.jwksUrl === undefined) !== (j.publicKey === undefined), { message: 'give exactly one of jwksUrl and publicKey' });

export const authConfigSchema = z
  .object({
    /** What a request without credentials may do: nothing (401), or read as a viewer. */
    anonymous: z.enum(['none', 'viewer']).default('none'),
    apiKeys: z.array(apiKeySchema).default([]),
    jwt: jwtSchema.optional(),
    /** Failed authentications one client address may make per minute before it gets 429 without any checking. */
    maxFailuresPerMinute: z.number().int().min(1).max(100_000).default(20),
  })
  .strict();

const corsSchema = z
  .object({
    /** Origins (scheme://host[:port]) whose pages may call the gateway; Apollo Sandbox's own origins are added while `sandbox` is on. */
    origins: z.array(z.string().regex(/^https?:\/\/[^/\s]+$/, 'must be an origin such as https://app.example.com (no path, no trailing slash)')).default([]),
  })
  .strict();

/** What one request may ask for, checked before it runs (README "Limits"). */
const limitsSchema = z
  .object({
    maxDepth: z.number().int().min(1).max(100).default(10),
    maxAliases: z.number().int().min(0).max(1_000).default(15),
    maxTokens: z.number().int().min(50).max(100_000).default(2_000),
    maxDirectives: z.number().int().min(0).max(1_000).default(20),
    /** Cost: 0 per scalar, 1 per object, 10 per field that calls upstream, lists multiplied by `first` (see README). */
    maxCost: z.number().int().min(1).max(10_000_000).default(5_000),
    /** Root mutation fields in one request, aliases and fragments included. */
    maxMutations: z.number().int().min(1).max(100).default(5),
    /** Objects in list fields of one response; the dynamic bound for shapes the cost misjudges. */
    maxResolvedObjects: z.number().int().min(100).max(10_000_000).default(20_000),
  })
  .strict();

const batchingSchema = z
  .object({
    /** JSON array bodies holding several operations. */
    enabled: z.boolean().default(false),
    maxOperations: z.number().int().min(1).max(100).default(10),
  })
  .strict();

const bucketSchema = z
  .object({
    requestsPerMinute: z.number().int().min(1).max(1_000_000),
    costPerMinute: z.number().int().min(1).max(100_000_000),
  })
  .strict();

/** Per caller (the principal; the client address when anonymous), per gateway process. */
const rateLimitsSchema = z
  .object({
    enabled: z.boolean().default(true),
    // Sized for a frontend that calls with one key for all its users: 100 requests/s, and cost for
    // about 35 pages of users(first: 50) with permissions and people (cost 1,360) every second.
    viewer: bucketSchema.default({ requestsPerMinute: 6_000, costPerMinute: 3_000_000 }),
    admin: bucketSchema.default({ requestsPerMinute: 6_000, costPerMinute: 3_000_000 }),
    anonymous: bucketSchema.default({ requestsPerMinute: 600, costPerMinute: 300_000 }),
  })
  .strict();

const trustedDocumentsSchema = z
  .object({
    /** `off`: any document; `allow-and-log`: any, unknown ones logged; `enforce`: only documents in the manifest. */
    mode: z.enum(['off', 'allow-and-log', 'enforce']).default('off'),
    /** A JSON manifest: `{ "<sha256>": "<document>" }` (GraphQL Code Generator) or Apollo's persisted-query manifest. */
    manifest: z.string().min(1).optional(),
    /** With `enforce`: admins may still send documents not in the manifest (for Sandbox and scripts). */
    allowArbitraryForAdmin: z.boolean().default(false),
  })
  .strict()
  .refine((t) => t.mode === 'off' || t.manifest !== undefined, { message: 'a manifest file is needed unless mode is off', path: ['manifest'] });

export const serverConfigSchema = z
  .object({
    port: z.number().int().min(0).max(65_535).default(4000),
    host: z.string().min(1).default('127.0.0.1'),
    /** `production` (the default when NODE_ENV=production) hides field suggestions, and turns introspection and the Sandbox off unless set here. */
    mode: z.enum(['development', 'production']).optional(),
    /** What GET /graphql shows a browser: Apollo Sandbox (from Apollo's CDN), GraphiQL (served by the gateway, works offline) or nothing. */
    landingPage: z.enum(['sandbox', 'graphiql', 'none']).optional(),
    /** The older switch for the Sandbox: `landingPage` wins when both are given. */
    sandbox: z.boolean().optional(),
    introspection: z.boolean().optional(),
    limits: limitsSchema.default({}),
    batching: batchingSchema.default({}),
    rateLimits: rateLimitsSchema.default({}),
    trustedDocuments: trustedDocumentsSchema.default({}),
    /** The whole request's deadline: past it, unfinished upstream calls are cut and each of their sources reports an error. */
    requestTimeoutMs: z.number().int().min(100).max(600_000).default(15_000),
    upstreamStats: z.boolean().default(false),
    /** Serve an Apollo Federation 2 subgraph (`_service`, `_entities`, `@key` on User, Person and Source) for a router to compose. */
    federation: z.boolean().default(false),
    /** pino level; `silent` turns logs off. Audit events of mutations are `info`. */
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Largest accepted GraphQL request body. */
    maxBodyBytes: z
      .number()
      .int()
      .min(1024)
      .max(16 * 1024 * 1024)
      .default(1024 * 1024),
    cors: corsSchema.default({}),
    /**
     * Host names (the Host header, without the port) the gateway answers to. Empty: any host, except
     * while listening on loopback, where only loopback names are answered (DNS-rebinding protection).
     */
    allowedHosts: z.array(z.string().min(1).toLowerCase()).default([]),
    metrics: z
      .object({
        /** Prometheus metrics at `/metrics`. */
        enabled: z.boolean().default(true),
        /** A port of its own for `/metrics` (on `host`), kept off the GraphQL port; absent: `/metrics` on the GraphQL port. */
        port: z.number().int().min(0).max(65_535).optional(),
      })
      .strict()
      .default({}),
  })
  .strict();

export const configSchema = z
  .object({
    server: serverConfigSchema.default({}),
    auth: authConfigSchema.default({}),
    sources: z.array(sourceConfigSchema).min(1, 'must list at least one source'),
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
export type GatewayConfigInput = z.input<typeof configSchema>;

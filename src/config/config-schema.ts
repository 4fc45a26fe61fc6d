import { z } from 'zod';
import { VENDOR_NAMES } from '../sources/source.js';

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

export const sourceConfigSchema = z
  .object({
    name: z.string().regex(SOURCE_NAME, 'must be 1-63 letters, digits, "_", "." or "-", starting with a letter or digit'),
    vendor: z.enum(VENDOR_NAMES),
    url: httpUrl,
    credentials: credentialsSchema,
    timeoutMs: z.number().int().min(1).max(120_000).default(5_000),
  })
  .strict();

export const serverConfigSchema = z
  .object({
    port: z.number().int().min(0).max(65_535).default(4000),
    host: z.string().min(1).default('127.0.0.1'),
    sandbox: z.boolean().default(true),
    introspection: z.boolean().default(true),
    upstreamStats: z.boolean().default(false),
    /** pino level; `silent` turns logs off. Audit events of mutations are `info`. */
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Largest accepted GraphQL request body. */
    maxBodyBytes: z
      .number()
      .int()
      .min(1024)
      .max(16 * 1024 * 1024)
      .default(1024 * 1024),
  })
  .strict();

export const configSchema = z
  .object({
    server: serverConfigSchema.default({}),
    sources: z.array(sourceConfigSchema).min(1, 'must list at least one source'),
  })
  .strict()
  .superRefine((config, ctx) => {
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

export type GatewayConfig = z.output<typeof configSchema>;
export type SourceConfig = z.output<typeof sourceConfigSchema>;
export type ServerConfig = z.output<typeof serverConfigSchema>;
export type GatewayConfigInput = z.input<typeof configSchema>;

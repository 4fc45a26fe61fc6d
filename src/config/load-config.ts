import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import type { z } from 'zod';
import { formatKeyPath } from '../key-path.js';
import { configSchema, type GatewayConfig } from './config-schema.js';
import { InterpolationError, interpolateEnv } from './interpolate.js';
import { closestKey, keysAt } from './json-schema.js';

/** A config that cannot be used. The message names the file, the key path and the reason, and never a value. */
export class ConfigError extends Error {
  readonly code = 'BAD_CONFIG';
}

/** Reads, interpolates and validates a YAML config file; `PORT` in the environment overrides `server.port`. */
export function loadConfigFile(file: string, env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw new ConfigError(`cannot read config file ${file}: ${reason}`);
  }
  const doc = YAML.parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    const [first] = doc.errors as [YAML.YAMLError, ...YAML.YAMLError[]];
    const where = first.linePos?.[0] ? ` at line ${first.linePos[0].line}, column ${first.linePos[0].col}` : '';
    throw new ConfigError(`config ${file} is not valid YAML${where}: ${first.message.split('\n')[0]}`);
  }
  return parseConfig(doc.toJS(), env, file);
}

/** Validates an already-parsed config object (the YAML's content, or one built in code). */
export function parseConfig(raw: unknown, env: NodeJS.ProcessEnv = process.env, origin = 'config'): GatewayConfig {
  let interpolated: unknown;
  const whole = new Set<string>();
  try {
    interpolated = interpolateEnv(raw, env, [], whole);
  } catch (err) {
    if (err instanceof InterpolationError) throw new ConfigError(`${origin}: ${err.keyPath}: ${err.message}`);
    throw err;
  }
  let result = configSchema.safeParse(interpolated ?? {});
  // `port: "${PORT}"`: an environment value stands for a number or a boolean where the config wants
  // one, and only there (a secret that looks like a number stays a string).
  for (let pass = 0; !result.success && pass < 3 && coerceReferences(interpolated, result.error.issues, whole); pass++) {
    result = configSchema.safeParse(interpolated ?? {});
  }
  if (!result.success) {
    const issues = result.error.issues.slice(0, 5).map((issue) => `${formatKeyPath(issue.path, '(top level)')}: ${describeIssue(issue)}`);
    throw new ConfigError(`${origin}: ${issues.join('; ')}`);
  }
  const parsed = result.data;
  const mode = parsed.server.mode ?? (env['NODE_ENV'] === 'production' ? 'production' : 'development');
  const landingPage = parsed.server.landingPage ?? ((parsed.server.sandbox ?? mode === 'development') ? 'sandbox' : 'none');
  const config: GatewayConfig = {
    ...parsed,
    server: {
      ...parsed.server,
      mode,
      landingPage,
      sandbox: landingPage === 'sandbox',
      introspection: parsed.server.introspection ?? mode === 'development',
    },
  };
  const port = env['PORT'];
  if (port !== undefined && port !== '') {
    if (!/^\d+$/.test(port) || Number(port) > 65_535) throw new ConfigError(`PORT: must be a port number from 0 to 65535, got "${port}"`);
    config.server.port = Number(port);
  }
  return config;
}

/**
 * Turns the values that were one environment reference and that the schema wanted as a number or a
 * boolean into one, where their text is one. Whether anything changed (then the config is checked again).
 */
function coerceReferences(tree: unknown, issues: readonly z.ZodIssue[], whole: ReadonlySet<string>): boolean {
  let changed = false;
  for (const issue of issues) {
    if (issue.code !== 'invalid_type' || issue.received !== 'string' || !whole.has(JSON.stringify(issue.path))) continue;
    const parent = issue.path.slice(0, -1).reduce<unknown>((node, key) => (node as Record<string | number, unknown> | undefined)?.[key], tree) as
      | Record<string | number, unknown>
      | undefined;
    const key = issue.path.at(-1);
    if (!parent || key === undefined || typeof parent[key] !== 'string') continue;
    const text = (parent[key] as string).trim();
    if (issue.expected === 'number' && /^-?\d+(\.\d+)?$/.test(text)) parent[key] = Number(text);
    else if (issue.expected === 'boolean' && (text === 'true' || text === 'false')) parent[key] = text === 'true';
    else continue;
    changed = true;
  }
  return changed;
}

/** zod's message, with "did you mean" for a key the config does not know. */
function describeIssue(issue: z.ZodIssue): string {
  if (issue.code !== 'unrecognized_keys') return issue.message;
  const allowed = keysAt(issue.path);
  const hints = issue.keys.map((key) => {
    const near = closestKey(key, allowed);
    return near ? `"${key}" (did you mean "${near}"?)` : `"${key}"`;
  });
  return `unknown key${issue.keys.length > 1 ? 's' : ''} ${hints.join(', ')}${allowed.length > 0 ? `; the keys here are ${allowed.join(', ')}` : ''}`;
}

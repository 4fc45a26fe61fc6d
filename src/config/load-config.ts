import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { formatKeyPath } from '../key-path.js';
import { configSchema, type GatewayConfig } from './config-schema.js';
import { InterpolationError, interpolateEnv } from './interpolate.js';

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
  try {
    interpolated = interpolateEnv(raw, env);
  } catch (err) {
    if (err instanceof InterpolationError) throw new ConfigError(`${origin}: ${err.keyPath}: ${err.message}`);
    throw err;
  }
  const result = configSchema.safeParse(interpolated ?? {});
  if (!result.success) {
    const issues = result.error.issues.slice(0, 5).map((issue) => `${formatKeyPath(issue.path, '(top level)')}: ${issue.message}`);
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

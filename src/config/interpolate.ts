import { formatKeyPath } from '../key-path.js';

/** A `${NAME}` or `${NAME:-default}` reference; `$${` stays a literal `${`. */
const REFERENCE = /\$(\$?)\{([^}]*)\}/g;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export class InterpolationError extends Error {
  constructor(
    readonly keyPath: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Replaces environment references in every string of a parsed config tree. Errors name the
 * key path and the variable, never a value: values are often secrets.
 */
export function interpolateEnv(value: unknown, env: NodeJS.ProcessEnv, path: (string | number)[] = []): unknown {
  if (typeof value === 'string') return interpolateString(value, env, path);
  if (Array.isArray(value)) return value.map((item, i) => interpolateEnv(item, env, [...path, i]));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateEnv(v, env, [...path, k])]));
  }
  return value;
}

function interpolateString(text: string, env: NodeJS.ProcessEnv, path: (string | number)[]): string {
  return text.replace(REFERENCE, (_match, escaped: string, body: string) => {
    if (escaped) return `\${${body}}`;
    const [name = '', fallback] = splitDefault(body);
    if (!ENV_NAME.test(name))
      throw new InterpolationError(formatKeyPath(path, '(top level)'), `"\${${body}}" is not a valid environment reference; use \${NAME} or \${NAME:-default}`);
    const found = env[name];
    if (found !== undefined && found !== '') return found;
    if (fallback !== undefined) return fallback;
    throw new InterpolationError(formatKeyPath(path, '(top level)'), `environment variable ${name} is not set`);
  });
}

function splitDefault(body: string): [string, string?] {
  const at = body.indexOf(':-');
  return at < 0 ? [body.trim()] : [body.slice(0, at).trim(), body.slice(at + 2)];
}

import { readFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { formatKeyPath } from '../key-path.js';

/** A `${NAME}`, `${NAME:-default}` or `${file:/path}` reference; `$${` stays a literal `${`. */
const REFERENCE = /\$(\$?)\{([^}]*)\}/g;
/** A value that is one reference and nothing else: its text may stand for a number or a boolean. */
const WHOLE_REFERENCE = /^\$\{[^}]*\}$/;
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
 * Replaces environment and file references in every string of a parsed config tree. Errors name the
 * key path and the variable (or the file), never a value: values are often secrets. `whole`
 * collects the key paths whose value was one reference alone (`port: "${PORT}"`), which may then
 * stand for a number or a boolean (load-config.ts).
 */
export function interpolateEnv(value: unknown, env: NodeJS.ProcessEnv, path: (string | number)[] = [], whole?: Set<string>): unknown {
  const unset: { name: string; at: string }[] = [];
  const result = walk(value, env, path, whole, unset);
  // Every variable that is missing at once, with where it is used: what a new config has to fill in.
  if (unset.length === 1 && unset[0]) throw new InterpolationError(unset[0].at, `environment variable ${unset[0].name} is not set`);
  if (unset.length > 1) {
    throw new InterpolationError('(top level)', `environment variables not set: ${unset.map((u) => `${u.name} (${u.at})`).join(', ')}`);
  }
  return result;
}

function walk(
  value: unknown,
  env: NodeJS.ProcessEnv,
  path: (string | number)[],
  whole: Set<string> | undefined,
  unset: { name: string; at: string }[],
): unknown {
  if (typeof value === 'string') {
    if (whole && WHOLE_REFERENCE.test(value)) whole.add(JSON.stringify(path));
    return interpolateString(value, env, path, unset);
  }
  if (Array.isArray(value)) return value.map((item, i) => walk(item, env, [...path, i], whole, unset));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, env, [...path, k], whole, unset)]));
  }
  return value;
}

function interpolateString(text: string, env: NodeJS.ProcessEnv, path: (string | number)[], unset: { name: string; at: string }[]): string {
  return text.replace(REFERENCE, (_match, escaped: string, body: string) => {
    if (escaped) return `\${${body}}`;
    if (body.startsWith('file:')) return readSecretFile(body.slice('file:'.length).trim(), path);
    const [name = '', fallback] = splitDefault(body);
    if (!ENV_NAME.test(name))
      throw new InterpolationError(formatKeyPath(path, '(top level)'), `"\${${body}}" is not a valid environment reference; use \${NAME} or \${NAME:-default}`);
    const found = env[name];
    if (found !== undefined && found !== '') return found;
    if (fallback !== undefined) return fallback;
    unset.push({ name, at: formatKeyPath(path, '(top level)') });
    return '';
  });
}

function splitDefault(body: string): [string, string?] {
  const at = body.indexOf(':-');
  return at < 0 ? [body.trim()] : [body.slice(0, at).trim(), body.slice(at + 2)];
}

/**
 * `${file:/run/secrets/x}`: the file's content, trimmed (how Kubernetes and Docker mount secrets).
 * Read once, at start; the content is never in an error, the path is.
 */
function readSecretFile(file: string, path: (string | number)[]): string {
  if (!isAbsolute(file)) throw new InterpolationError(formatKeyPath(path, '(top level)'), `\${file:${file}} must name an absolute path`);
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : 'it cannot be read';
    throw new InterpolationError(formatKeyPath(path, '(top level)'), `cannot read ${file} (${why})`);
  }
}

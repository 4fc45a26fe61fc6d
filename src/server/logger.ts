import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * Keys whose values are secrets wherever they appear in a log object (pino redact paths, one level
 * and two levels deep). The code logs no inputs, variables or upstream bodies in the first place;
 * this is the second line of defence.
 */
const SECRET_KEYS = ['password', 'newPassword', 'new_password', 'token', 'secret', 'credential', 'authorization', 'apiKey', 'variables'];
export const REDACT_PATHS = [...SECRET_KEYS, ...SECRET_KEYS.map((k) => `*.${k}`), ...SECRET_KEYS.map((k) => `*.*.${k}`)];

export interface LoggerOptions {
  level?: string;
  /** Where lines go; stdout when absent. Tests pass a stream to read what was logged. */
  destination?: DestinationStream;
}

/** Structured JSON logs (pino) with secrets redacted. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const config = { level: options.level ?? 'info', redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { service: 'usergraph' } };
  return options.destination ? pino(config, options.destination) : pino(config);
}

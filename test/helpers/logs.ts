import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/server/logger.js';

/** A real pino logger whose lines stay in memory, so a test can read exactly what the gateway logged. */
export function captureLogs(level = 'info'): { logger: Logger; lines(): string[]; text(): string } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  const logger = createLogger({ level, destination });
  const text = () => chunks.join('');
  return {
    logger,
    text,
    lines: () =>
      text()
        .split('\n')
        .filter((l) => l.length > 0),
  };
}

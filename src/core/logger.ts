import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * The process logger. JSON to stdout by default; the CLI's preview sends logs
 * to stderr so stdout stays the contract JSON.
 */
export function createLogger(level: string, destination: 1 | 2 = 1): Logger {
  return pino({ level, base: { service: 'feedloom' } }, pino.destination({ fd: destination, sync: destination === 2 }));
}

/** For code paths (and tests) that want no output. */
export const silentLogger: Logger = pino({ level: 'silent' });

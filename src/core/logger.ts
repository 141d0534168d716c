import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * The process logger. JSON to stdout by default; the CLI's preview sends logs
 * to stderr so stdout stays the contract JSON.
 */
export function createLogger(level: string, destination: 1 | 2 = 1): Logger {
  return pino({ level, base: { service: 'feedloom' }, redact: CREDENTIAL_PATHS }, pino.destination({ fd: destination, sync: destination === 2 }));
}

/**
 * Credentials never reach a log line, even when a whole request body or
 * destination is logged by mistake: pino censors these paths wherever they
 * appear (top level, one or two levels down).
 */
export const CREDENTIAL_PATHS = {
  paths: ['applicationPassword', 'password', 'secret', 'authorization']
    .flatMap((key) => [key, `*.${key}`, `*.*.${key}`])
    .concat(['req.headers.authorization', 'req.headers.cookie']),
  censor: '[redacted]',
};

/** For code paths (and tests) that want no output. */
export const silentLogger: Logger = pino({ level: 'silent' });

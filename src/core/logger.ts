import { createRequire } from 'node:module';
import { isatty } from 'node:tty';
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

type PrettyFactory = (options: Record<string, unknown>) => DestinationStream;

/**
 * pino-pretty when it is installed (a development dependency: production
 * images log JSON), loaded synchronously so the logger exists at once.
 */
function prettyStream(fd: 1 | 2): DestinationStream | null {
  try {
    const pretty = createRequire(import.meta.url)('pino-pretty') as PrettyFactory;
    return pretty({ destination: fd, sync: true, colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' });
  } catch {
    return null;
  }
}

/**
 * The process logger. JSON to stdout by default, readable lines when the
 * output is a terminal (a person is watching, no collector parses it); the
 * CLI's preview sends logs to stderr so stdout stays the contract JSON.
 */
export function createLogger(level: string, destination: 1 | 2 = 1): Logger {
  const options = { level, base: { service: 'feedloom' }, redact: CREDENTIAL_PATHS };
  const pretty = isatty(destination) ? prettyStream(destination) : null;
  return pino(options, pretty ?? pino.destination({ fd: destination, sync: destination === 2 }));
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

/**
 * A logger that keeps what it writes, for tests of what is logged (or must never be): a secret
 * that reaches a log call at any level shows up in `lines`, redaction or not.
 */
import { pino, type Logger, type LoggerOptions } from 'pino';

export interface CollectingLogger {
  log: Logger;
  /** Each line as pino wrote it (JSON text). */
  lines: string[];
  /** The lines parsed. */
  records(): Record<string, unknown>[];
}

/** Warn level unless `options` says otherwise. */
export function collectingLogger(options: LoggerOptions = {}): CollectingLogger {
  const lines: string[] = [];
  const log = pino({ level: 'warn', ...options }, { write: (line: string) => lines.push(line) });
  return { log, lines, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

import { pino, type Logger } from 'pino';

/** A warn-level logger that keeps every line it writes, parsed, for assertions on what was logged. */
export function collectingLogger(): { log: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const log = pino({ level: 'warn' }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { log, lines };
}

/**
 * One voice for the process's Redis connections. Every client (the
 * producers', each worker's, BullMQ's blocking ones) reports its failures
 * here while ioredis reconnects with its backoff; the log gets one line when
 * Redis goes away and one when it is back, instead of a line per client per
 * reconnect attempt.
 */
import type { Redis } from 'ioredis';
import { errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

/** Errors that mean "cannot talk to Redis right now", as opposed to a command Redis refused. */
export function isRedisConnectionError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && CONNECTION_CODES.has(code)) return true;
  return /connection is closed|connect ETIMEDOUT|ECONNREFUSED|Stream isn't writeable|getaddrinfo/i.test(errorMessage(err));
}

/** The URL without its password, for logs. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.href;
  } catch {
    return 'REDIS_URL';
  }
}

export class RedisHealth {
  private down = false;
  private readonly where: string;

  constructor(redisUrl: string, private readonly log: Logger) {
    this.where = redactRedisUrl(redisUrl);
  }

  get reachable(): boolean {
    return !this.down;
  }

  /** A client failed to reach Redis: said once until it is back. */
  failed(err: unknown): void {
    if (this.down) return;
    this.down = true;
    this.log.warn(
      { redis: this.where, err: errorMessage(err) },
      `Redis at ${this.where} is unreachable (${errorMessage(err)}); retrying with backoff. Start Redis or set REDIS_URL.`,
    );
  }

  recovered(): void {
    if (!this.down) return;
    this.down = false;
    this.log.info({ redis: this.where }, 'Redis is reachable again');
  }

  watch(connection: Redis): void {
    connection.on('error', (err: unknown) => {
      if (isRedisConnectionError(err)) this.failed(err);
      else this.log.warn({ redis: this.where, err: errorMessage(err) }, 'Redis error');
    });
    connection.on('ready', () => this.recovered());
  }

  /** Resolves when the connection is ready (at once if it is); `abort` gives up waiting. */
  async ready(connection: Redis, abort: AbortSignal): Promise<boolean> {
    if (connection.status === 'ready') return true;
    return new Promise<boolean>((resolve) => {
      const done = (ok: boolean) => {
        connection.off('ready', onReady);
        abort.removeEventListener('abort', onAbort);
        resolve(ok);
      };
      const onReady = () => done(true);
      const onAbort = () => done(false);
      connection.on('ready', onReady);
      abort.addEventListener('abort', onAbort);
    });
  }
}

/**
 * Starts the real service in-process for end-to-end tests: real Redis (a
 * queue prefix of its own), a real database, the API on a free port, every
 * worker and the reconciler on a fast tick.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { loadConfig, type Config } from '../../config/index.js';
import { silentLogger } from '../../src/core/logger.js';
import { WORK_QUEUES } from '../../src/queue/queues.js';
import { startService, type RunningService, type ServiceParts } from '../../src/service.js';

export const REDIS_URL = 'redis://127.0.0.1:6379';

export function testConfig(databaseUrl: string, overrides: Record<string, string> = {}): Config {
  return loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    REDIS_URL,
    DATABASE_URL: databaseUrl,
    QUEUE_PREFIX: `t${randomBytes(4).toString('hex')}`,
    ALLOW_HOSTS: '127.0.0.1',
    RECONCILE_INTERVAL_MS: '250',
    MIN_POLL_SECONDS: '1',
    DEFAULT_POLL_SECONDS: '3600',
    WEBHOOK_BACKOFF_BASE_MS: '50',
    WEBHOOK_BACKOFF_MAX_MS: '200',
    WEBHOOK_MAX_ATTEMPTS: '4',
    WEBHOOK_TIMEOUT_MS: '2000',
    FETCH_TIMEOUT_MS: '3000',
    SHUTDOWN_GRACE_MS: '3000',
    // A healthy job on a busy 2-core machine can stall its event loop for seconds: a short lock would let another
    // worker take it over and run it twice. Tests about taking over a dead worker's job set their own.
    JOB_LOCK_MS: '30000',
    LOG_LEVEL: 'silent',
    ...overrides,
  });
}

export async function startTestService(config: Config, parts: Partial<ServiceParts> = {}): Promise<RunningService> {
  return startService(
    config,
    silentLogger,
    { api: true, queues: [...WORK_QUEUES], scheduler: true, ...parts },
    { handleSignals: false },
  );
}

/** Deletes every Redis key of one queue prefix: what a flush (or a Redis that lost its data) does to the queues. */
export async function flushPrefix(prefix: string): Promise<number> {
  const redis = new Redis(REDIS_URL);
  try {
    let removed = 0;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) removed += await redis.del(...keys);
    } while (cursor !== '0');
    return removed;
  } finally {
    redis.disconnect();
  }
}

/** A tiny JSON client for the API under test. */
export function apiClient(base: string, token?: string) {
  const call = async <T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> => {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await fetch(`${base}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  };
  return {
    get: <T = unknown>(path: string) => call<T>('GET', path),
    post: <T = unknown>(path: string, body?: unknown) => call<T>('POST', path, body ?? {}),
    patch: <T = unknown>(path: string, body: unknown) => call<T>('PATCH', path, body),
    delete: <T = unknown>(path: string) => call<T>('DELETE', path),
  };
}

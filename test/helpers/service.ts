/**
 * Starts the real service in-process for end-to-end tests: real Redis (a
 * queue prefix of its own), a real database, the API on a free port, every
 * worker and the reconciler on a fast tick.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { loadConfig, type Config } from '../../config/index.js';
import { silentLogger, type Logger } from '../../src/core/logger.js';
import { WORK_QUEUES } from '../../src/queue/queues.js';
import { afterAll, beforeAll } from 'vitest';
import type { Article } from '../../src/core/model.js';
import { startService, type RunningService, type ServiceParts } from '../../src/service.js';
import { createTestDatabase, type TestDatabase, type TestDialect } from './databases.js';
import { startFeedServer, startWebhookReceiver, type FeedServer, type WebhookReceiver } from './http-servers.js';

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

export async function startTestService(config: Config, parts: Partial<ServiceParts> = {}, log: Logger = silentLogger): Promise<RunningService> {
  return startService(
    config,
    log,
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

/** What `useServiceStack` gives a describe block: the parts, live once its beforeAll has run. */
export interface ServiceStack {
  feeds: FeedServer;
  receiver: WebhookReceiver;
  service: RunningService;
  api: ReturnType<typeof apiClient>;
  /** The feed's articles as `GET /v1/articles?feedId=` lists them (newest first, up to 200). */
  articlesOf(feedId: string): Promise<Article[]>;
}

/**
 * One service on a fresh `dialect` database (config `overrides` over testConfig's) with a feed server and a
 * webhook receiver, started before the enclosing describe block's tests and torn down
 * after them (queue prefix flushed, database dropped).
 */
export function useServiceStack(dialect: TestDialect, overrides: Record<string, string> = {}): () => ServiceStack {
  let stack: ServiceStack | undefined;
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    const feeds = await startFeedServer();
    const receiver = await startWebhookReceiver();
    database = await createTestDatabase(dialect);
    const service = await startTestService(testConfig(database.url, overrides));
    const api = apiClient(service.url!);
    const articlesOf = async (feedId: string) => (await api.get<{ items: Article[] }>(`/v1/articles?feedId=${feedId}&limit=200`)).body.items;
    stack = { feeds, receiver, service, api, articlesOf };
  });
  afterAll(async () => {
    if (stack) {
      await stack.service.close();
      await flushPrefix(stack.service.config.queuePrefix);
      await stack.feeds.close();
      await stack.receiver.close();
    }
    await database?.cleanup();
  });
  return () => {
    if (!stack) throw new Error('service stack used outside a test');
    return stack;
  };
}

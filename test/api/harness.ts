/**
 * A real API for tests: the app from buildApp over a migrated store on a
 * fresh database, Queues on the shared Redis under a prefix of its own, and
 * the real HTTP client. `close()` obliterates the queues and drops the
 * database.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { loadConfig, type Config } from '../../config/index.js';
import { buildApp } from '../../src/api/app.js';
import { silentLogger, type Logger } from '../../src/core/logger.js';
import { secretBoxFor } from '../../src/core/secret-box.js';
import { Queues } from '../../src/queue/queues.js';
import { httpClientFor } from '../../src/fetch/from-config.js';
import { openStore, type Store } from '../../src/store/index.js';
import { createTestDatabase, type TestDialect } from '../helpers/databases.js';

export const TOKEN = 'test-token-0123456789';
export const REDIS_URL = 'redis://127.0.0.1:6379';

export interface TestApi {
  app: FastifyInstance;
  store: Store;
  queues: Queues;
  config: Config;
  /** app.inject with the bearer token (unless the options set their own authorization). */
  call(options: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export interface TestApiOptions {
  dialect?: TestDialect;
  /** Environment for loadConfig, over the test defaults. */
  env?: Record<string, string>;
  /** The app's logger (default: silent), for tests that read the request log. */
  log?: Logger;
}

export async function startTestApi(options: TestApiOptions = {}): Promise<TestApi> {
  const database = await createTestDatabase(options.dialect ?? 'sqlite');
  const config = loadConfig({
    DATABASE_URL: database.url,
    REDIS_URL,
    QUEUE_PREFIX: `t-${randomBytes(5).toString('hex')}`,
    API_TOKEN: TOKEN,
    MIN_POLL_SECONDS: '60',
    MAX_POLL_SECONDS: '86400',
    FETCH_TIMEOUT_MS: '3000',
    LOG_LEVEL: 'silent',
    ...options.env,
  });
  const store = await openStore(config.databaseUrl, { defaultPollSeconds: config.defaultPollSeconds, secretBox: secretBoxFor(config) });
  await store.migrate();
  const queues = new Queues(config.redisUrl, config.queuePrefix);
  // The producer connection refuses commands until connected; a test's first request should not race it.
  if (config.redisUrl === REDIS_URL && queues.connection.status !== 'ready') await once(queues.connection, 'ready');
  // Pointed at a dead Redis on purpose: the queues' reconnect errors are expected, not news.
  if (config.redisUrl !== REDIS_URL) for (const queue of queues.all()) queue.on('error', () => undefined);
  const http = httpClientFor(config);
  const app = await buildApp({ config, store, queues, http, log: options.log ?? silentLogger });
  await app.ready();

  return {
    app,
    store,
    queues,
    config,
    call: (request) =>
      app.inject({
        ...request,
        headers: { authorization: `Bearer ${TOKEN}`, ...request.headers },
      }),
    async close() {
      await app.close();
      // A test may point Queues at a dead Redis: there is nothing to clean up there.
      if (config.redisUrl === REDIS_URL) {
        for (const queue of queues.all()) await queue.obliterate({ force: true });
      }
      await queues.close();
      await http.close();
      await store.close();
      await database.cleanup();
    },
  };
}


/**
 * A TestApi for the enclosing describe block (or file): started in beforeAll,
 * closed in afterAll. Its fields are filled in when beforeAll has run.
 */
export function useTestApi(options: TestApiOptions = {}): TestApi {
  // Filled by beforeAll; tests only touch it after that.
  const handle = {} as TestApi;
  beforeAll(async () => {
    Object.assign(handle, await startTestApi(options));
  });
  afterAll(async () => {
    await handle.close();
  });
  return handle;
}

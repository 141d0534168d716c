/**
 * The composition root: builds the store, queues, HTTP client, API and
 * workers a process runs, and takes them down in order on SIGTERM/SIGINT.
 * `feedloom start` runs everything; `api` and `worker` run parts of it, so a
 * deployment scales by starting more worker processes on one Redis.
 */
import type { Worker } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/index.js';
import { buildApp } from './api/app.js';
import { serveMetrics, type MetricsServer } from './api/metrics-server.js';
import { FeedloomError, errorMessage } from './core/errors.js';
import { limitHeapGrowth } from './core/heap-growth.js';
import { describeSecretBox, secretBoxFor } from './core/secret-box.js';
import { TimeoutError, withTimeout } from './core/with-timeout.js';
import type { Logger } from './core/logger.js';
import { httpClientFor } from './fetch/from-config.js';
import { NormalizePool } from './pipeline/normalize-pool.js';
import { Queues, type WorkQueueName } from './queue/queues.js';
import { isRedisConnectionError, RedisHealth } from './queue/redis-health.js';
import { locateDatabase, openStore } from './store/index.js';
import { openStoreInThread } from './store/threaded-store.js';
import type { Store } from './store/types.js';
import { startWorkers } from '../workers/index.js';
import { FirstAttempts } from '../workers/first-attempts.js';
import { keepReconcilerScheduled, reconcile, scheduleReconciler } from '../workers/reconciler.js';

export interface ServiceParts {
  api: boolean;
  queues: WorkQueueName[];
  /** Runs the reconciler (its scheduler entry is shared: many processes may run it). */
  scheduler: boolean;
  /** Without the API: serve this process's counters at /metrics on this port (0: any free one). */
  metricsPort?: number;
}

export interface RunningService {
  config: Config;
  store: Store;
  queues: Queues;
  app: FastifyInstance | null;
  workers: Worker[];
  /** Base URL of the API when it listens. */
  url: string | null;
  /** The /metrics of a process without the API, when asked for (parts.metricsPort). */
  metricsUrl: string | null;
  /** Stops taking work, lets in-flight jobs finish (up to the grace period), closes everything. */
  close(): Promise<void>;
}

async function openMigratedStore(config: Config, log: Logger): Promise<Store> {
  const nearDuplicates = { minSimilarity: config.nearDuplicatePercent / 100, windowDays: config.nearDuplicateWindowDays };
  const inThread = config.storeThread === 'on' && locateDatabase(config.databaseUrl).dialect === 'sqlite';
  const store = inThread
    ? await openStoreInThread(
        {
          databaseUrl: config.databaseUrl,
          defaultPollSeconds: config.defaultPollSeconds,
          secretKeys: { secretKey: config.secretKey, secretKeysPrevious: config.secretKeysPrevious, production: config.production },
          nearDuplicates,
          logLevel: config.logLevel,
        },
        log,
      )
    : await openStore(config.databaseUrl, { defaultPollSeconds: config.defaultPollSeconds, log, secretBox: secretBoxFor(config), nearDuplicates });
  await store.migrate();
  return store;
}

export async function runMigrations(config: Config, log: Logger): Promise<void> {
  const store = await openMigratedStore(config, log);
  await store.close();
  log.info('migrations applied');
}

/**
 * Starts the parts asked for. With `handleSignals` (the CLI), SIGTERM/SIGINT
 * close the service; tests call `close()` themselves.
 */
export async function startService(
  config: Config,
  log: Logger,
  parts: ServiceParts,
  options: { handleSignals?: boolean } = { handleSignals: true },
): Promise<RunningService> {
  limitHeapGrowth(config.heapGrowthPercent);
  const store = await openMigratedStore(config, log);
  const keyNotice = describeSecretBox(secretBoxFor(config));
  log[keyNotice.level](keyNotice.message);
  const redisHealth = new RedisHealth(config.redisUrl, log);
  const queues = new Queues(config.redisUrl, config.queuePrefix);
  redisHealth.watch(queues.connection);
  const http = httpClientFor(config);
  // Threads start with the first item to clean or feed to parse; none in a process that does neither.
  const pool = config.normalizeThreads > 0 ? new NormalizePool(config.normalizeThreads, log) : null;
  const base = { config, store, queues, http, log, cleaner: pool?.clean, parser: pool?.parse };
  // A process that saves articles and delivers them makes the first attempts itself (workers/first-attempts.ts).
  const firstAttempts = parts.queues.includes('article') && parts.queues.includes('deliver') ? new FirstAttempts(base) : undefined;
  const inlineArticles = parts.queues.includes('fetch') && parts.queues.includes('article');
  const deps = { ...base, firstAttempts, inlineArticles };

  const workers: Worker[] = [];
  let app: FastifyInstance | null = null;
  let url: string | null = null;
  let metrics: MetricsServer | null = null;
  let stopWatchdog = (): void => undefined;
  // Aborted by close(): a start still waiting for Redis gives up instead of starting workers afterwards.
  const stopping = new AbortController();

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      log.info('shutting down');
      stopping.abort();
      stopWatchdog();
      if (app) await app.close();
      await metrics?.close();
      // worker.close() waits for active jobs; past the grace period they are left to the stalled-job check of another worker.
      // First attempts come after the article workers (nothing more is offered) and share the grace period:
      // what still waits is queued, attempts under way end (or are aborted below, their deliveries retried).
      const draining = (async () => {
        await Promise.all(workers.map((w) => w.close()));
        await firstAttempts?.close();
      })();
      const drained = await withTimeout(draining, config.shutdownGraceMs, 'in-flight jobs').then(
        () => true,
        (err: unknown) => {
          if (err instanceof TimeoutError) return false;
          throw err;
        },
      );
      if (!drained) {
        log.warn('in-flight jobs did not finish in time; they will be retried by another worker');
        // close(true) still waits for running processors, which may wait on a server that never answers
        // (up to the fetch or webhook timeout): aborting their requests ends them now, as failures to retry.
        await http.destroy();
        await Promise.allSettled([...workers.map((w) => w.close(true)), draining]);
      }
      // After the workers: a job still cleaning would otherwise lose its thread.
      await pool?.close();
      await queues.close();
      if (drained) await http.close();
      await store.close();
      log.info('stopped');
    })();
    return closing;
  };

  // Installed before anything waits (for the port, for Redis), so SIGTERM always ends the process cleanly.
  if (options.handleSignals) {
    const onSignal = (signal: NodeJS.Signals) => {
      log.info({ signal }, 'signal received');
      close().then(
        () => process.exit(0),
        (err: unknown) => {
          log.error({ err: errorMessage(err) }, 'shutdown failed');
          process.exit(1);
        },
      );
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  }

  // The API listens first: a port that is taken stops the process before any worker takes a job.
  if (parts.api) {
    const api = await buildApp(deps);
    app = api;
    try {
      url = await api.listen({ port: config.port, host: config.host });
    } catch (err) {
      await close();
      throw listenError(err, config.host, config.port, '--port or PORT');
    }
    log.info({ url }, 'API listening');
  } else if (parts.metricsPort !== undefined) {
    try {
      metrics = await serveMetrics(config.host, parts.metricsPort, log);
    } catch (err) {
      await close();
      throw listenError(err, config.host, parts.metricsPort, '--metrics-port');
    }
    log.info({ url: metrics.url }, 'metrics listening');
  }

  const workerNames = [...parts.queues, ...(parts.scheduler ? (['maintenance'] as const) : [])];
  if (workerNames.length > 0) {
    // Workers and the scheduler need Redis; until it answers, the health watch has said why we wait (once).
    if (!(await redisHealth.ready(queues.connection, stopping.signal))) {
      return { config, store, queues, app, workers, url, metricsUrl: metrics?.url ?? null, close };
    }
    workers.push(...startWorkers(deps, workerNames, redisHealth));
  }
  if (parts.scheduler) {
    await scheduleReconciler(queues, config.reconcileIntervalMs);
    stopWatchdog = keepReconcilerScheduled(queues, config.reconcileIntervalMs, (err) => {
      if (isRedisConnectionError(err)) redisHealth.failed(err);
      else log.warn({ err: errorMessage(err) }, 'could not check the reconciler schedule');
    });
    // Do not wait a whole tick after a restart: queue what is due now.
    await reconcile(deps).catch((err: unknown) => log.warn({ err: errorMessage(err) }, 'first reconcile failed; the scheduler will retry'));
  }

  log.info({ api: parts.api, queues: parts.queues, scheduler: parts.scheduler, dialect: store.dialect }, 'feedloom started');
  return { config, store, queues, app, workers, url, metricsUrl: metrics?.url ?? null, close };
}

/** Why the API could not listen, in one line a person can act on. */
function listenError(err: unknown, host: string, port: number, flag: string): FeedloomError {
  const where = `${host}:${port}`;
  const code = (err as { code?: unknown } | null)?.code;
  const message =
    code === 'EADDRINUSE'
      ? `cannot listen on ${where}: the address is already in use (another process holds the port); stop it or choose another with ${flag}`
      : code === 'EACCES'
        ? `cannot listen on ${where}: permission denied (ports below 1024 need privileges); choose another with ${flag}`
        : `cannot listen on ${where}: ${errorMessage(err)}`;
  return new FeedloomError(code === 'EADDRINUSE' ? 'PORT_IN_USE' : 'LISTEN_FAILED', message, { cause: err });
}

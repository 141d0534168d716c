/**
 * Starts the BullMQ workers a process should run. Each worker has its own
 * Redis connection (BullMQ blocks on it) and shares the store, HTTP client
 * and logger of the process.
 */
import { Worker, type Processor } from 'bullmq';
import { errorMessage } from '../src/core/errors.js';
import { redisConnection, type WorkQueueName } from '../src/queue/queues.js';
import { isRedisConnectionError, type RedisHealth } from '../src/queue/redis-health.js';
import { articleFailed, articleProcessor } from './article.js';
import { backfillProcessor } from './backfill.js';
import { deliverProcessor } from './deliver.js';
import type { WorkerDeps } from './deps.js';
import { fetchProcessor } from './fetch.js';
import { reconcileProcessor } from './reconciler.js';

export type { WorkerDeps } from './deps.js';

function concurrencyOf(deps: WorkerDeps, name: WorkQueueName | 'maintenance'): number {
  switch (name) {
    case 'fetch':
      return deps.config.fetchConcurrency;
    case 'article':
      return deps.config.articleConcurrency;
    case 'deliver':
      return deps.config.deliverConcurrency;
    case 'maintenance':
      return 1;
  }
}

function processorOf(deps: WorkerDeps, name: WorkQueueName | 'maintenance'): Processor {
  switch (name) {
    case 'fetch': {
      // The fetch queue also carries backfill steps: same politeness, same workers.
      const fetch = fetchProcessor(deps) as Processor;
      const backfill = backfillProcessor(deps) as Processor;
      return (job, token) => (job.name === 'backfill' ? backfill(job, token) : fetch(job, token));
    }
    case 'article':
      return articleProcessor(deps) as Processor;
    case 'deliver':
      return deliverProcessor(deps) as Processor;
    case 'maintenance':
      return reconcileProcessor(deps);
  }
}

/** `redisHealth` hears about lost connections (one log line per outage); without it they are only swallowed. */
export function startWorkers(deps: WorkerDeps, names: (WorkQueueName | 'maintenance')[], redisHealth?: RedisHealth): Worker[] {
  return names.map((name) => {
    const connection = redisConnection(deps.config.redisUrl);
    // Without a listener ioredis prints every failed reconnect to stderr.
    if (redisHealth) redisHealth.watch(connection);
    else connection.on('error', () => undefined);
    const worker = new Worker(name, processorOf(deps, name), {
      connection,
      prefix: deps.config.queuePrefix,
      concurrency: concurrencyOf(deps, name),
      lockDuration: deps.config.jobLockMs,
      stalledInterval: Math.max(1_000, Math.floor(deps.config.jobLockMs / 2)),
    });
    const log = deps.log.child({ queue: name });
    worker.on('error', (err) => {
      // A lost Redis is reported once by the health watch, not by every worker on every reconnect attempt.
      if (isRedisConnectionError(err)) redisHealth?.failed(err);
      else log.error({ err: errorMessage(err) }, 'worker error');
    });
    worker.on('failed', (job, err) => log.warn({ jobId: job?.id, err: errorMessage(err), attempts: job?.attemptsMade }, 'job failed'));
    if (name === 'article') worker.on('failed', articleFailed(deps));
    // BullMQ leaves a connection it was given open on close: without this the process cannot exit after close().
    worker.on('closed', () => connection.disconnect());
    return worker;
  });
}

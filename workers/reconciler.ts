/**
 * The reconciler: the store is the source of truth, Redis only carries work.
 * On a fixed tick it queues every due feed, every item still waiting for the
 * article stage (once a job lock has passed since it was staged) and every
 * delivery that is due. Job ids are deterministic, so
 * work already queued is not queued twice; work Redis lost is queued again.
 */
import type { Job } from 'bullmq';
import { willRun, type Queues } from '../src/queue/queues.js';
import { maintainSubscriptions } from '../src/websub/subscriber.js';
import type { WorkerDeps } from './deps.js';

/** Upper bound of rows one tick reads per kind, so a huge backlog is worked through in slices. */
const BATCH = 5_000;
/** Retention is a slow sweep, not something each 15-second tick needs to do. */
const RETENTION_EVERY_MS = 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
export const RECONCILE_SCHEDULER_ID = 'reconcile';
export const RECONCILE_RUNS_KEPT = 50;

export interface ReconcileResult {
  feeds: number;
  items: number;
  deliveries: number;
}

/** A backfill step saves within one fetch (retries wait with notBefore set): twice that quiet means its job is gone. */
function backfillQuietMs(fetchTimeoutMs: number): number {
  return 2 * fetchTimeoutMs + 1_000;
}

export async function reconcile(deps: Pick<WorkerDeps, 'store' | 'queues' | 'config'>, now = new Date()): Promise<ReconcileResult> {
  const [feedIds, items, deliveryIds, backfills] = await Promise.all([
    deps.store.feeds.due(now, BATCH),
    // An item staged less than a job lock ago may be in the hands of the fetch that staged it (workers/fetch.ts cleans
    // a few itself, with no job of its own); if that worker died, its items are queued once the lock has passed.
    deps.store.items.pendingIds(BATCH, new Date(now.getTime() - deps.config.jobLockMs)),
    deps.store.deliveries.due(now, BATCH),
    deps.store.sources.runningBackfills(BATCH, now, backfillQuietMs(deps.config.fetchTimeoutMs)),
  ]);
  // A job Redis finished across a flush may have left its id behind: replaced, or the work would never run.
  const requeue = { replaceLeftovers: true };
  await deps.queues.enqueueFetch(feedIds, requeue);
  await deps.queues.enqueueArticles(items.map((item) => ({ feedId: item.feedId, itemId: item.id })), requeue);
  await deps.queues.enqueueDeliveries(deliveryIds, 0, requeue);
  // A backfill whose next step Redis lost (or a process died before queueing) continues from its saved step.
  await deps.queues.enqueueBackfill(backfills);
  return { feeds: feedIds.length, items: items.length, deliveries: deliveryIds.length };
}

/** Deletes fetch history older than FETCH_LOG_DAYS; returns the rows removed. */
export async function applyRetention(deps: Pick<WorkerDeps, 'store' | 'config'>, now = new Date()): Promise<number> {
  return deps.store.feeds.pruneFetchLog(new Date(now.getTime() - deps.config.fetchLogDays * DAY_MS));
}

/** Rows one retention batch deletes: bounds how long one transaction holds the write lock. */
const RETENTION_BATCH = 500;

/** RETENTION_DAYS: articles and finished deliveries older than that; nothing when it is 0. */
export async function applyContentRetention(
  deps: Pick<WorkerDeps, 'store' | 'config'>,
  now = new Date(),
): Promise<{ articles: number; deliveries: number }> {
  if (deps.config.retentionDays === 0) return { articles: 0, deliveries: 0 };
  const before = new Date(now.getTime() - deps.config.retentionDays * DAY_MS);
  const deliveries = await deps.store.retention.pruneDeliveries(before);
  let articles = 0;
  for (;;) {
    const removed = await deps.store.retention.pruneArticles(before, RETENTION_BATCH);
    articles += removed;
    if (removed < RETENTION_BATCH) return { articles, deliveries };
  }
}

export function reconcileProcessor(deps: WorkerDeps) {
  let lastRetentionAt = 0;
  return async (job: Job): Promise<ReconcileResult> => {
    if (Date.now() - lastRetentionAt >= RETENTION_EVERY_MS) {
      lastRetentionAt = Date.now();
      const removed = await applyRetention(deps);
      if (removed > 0) deps.log.info({ jobId: job.id, removed }, 'old fetch history removed');
      // Past NEAR_DUPLICATE_WINDOW_DAYS no lookup reads a fingerprint: the index stays the window's size.
      const fingerprints = await deps.store.retention.pruneFingerprints(new Date());
      if (fingerprints > 0) deps.log.info({ jobId: job.id, fingerprints }, 'near-duplicate fingerprints past the window removed');
      const content = await applyContentRetention(deps);
      if (content.articles + content.deliveries > 0) deps.log.info({ jobId: job.id, ...content }, 'articles and deliveries past RETENTION_DAYS removed');
    }
    const result = await reconcile(deps);
    const websub = await maintainSubscriptions(deps, new Date());
    if (websub.renewed + websub.failed > 0) deps.log.info({ jobId: job.id, ...websub }, 'websub subscriptions maintained');
    if (result.feeds + result.items + result.deliveries > 0) deps.log.debug({ jobId: job.id, ...result }, 'reconciled');
    return result;
  };
}

/**
 * One scheduler entry in Redis however many processes call this: BullMQ upserts by id. An entry whose next
 * run is gone or already finished is started again: a flush that lands while a run finishes leaves the run's
 * hash without its options, so no next run is made, and the entry alone would keep reconciling stopped.
 */
export async function scheduleReconciler(queues: Queues, everyMs: number): Promise<void> {
  const scheduler = await queues.maintenance.getJobScheduler(RECONCILE_SCHEDULER_ID);
  if (scheduler) {
    const next = scheduler.next === undefined ? 'unknown' : await queues.maintenance.getJobState(`repeat:${RECONCILE_SCHEDULER_ID}:${scheduler.next}`);
    if (willRun(next)) return;
    await queues.maintenance.removeJobScheduler(RECONCILE_SCHEDULER_ID);
  }
  await queues.maintenance.upsertJobScheduler(
    RECONCILE_SCHEDULER_ID,
    { every: everyMs },
    // Each run has an id of its own, so unlike the work queues (whose ids are how a job is never queued twice)
    // the maintenance queue can keep its recent runs for Bull Board: what each tick queued, and any failure.
    { name: 'reconcile', opts: { removeOnComplete: { count: RECONCILE_RUNS_KEPT }, removeOnFail: { count: 100 } } },
  );
}

/**
 * The scheduler entry lives in Redis, so a flushed or replaced Redis loses it
 * too. Each scheduler process checks on the same tick and puts it back.
 */
export function keepReconcilerScheduled(queues: Queues, everyMs: number, onError: (err: unknown) => void): () => void {
  const timer = setInterval(() => {
    scheduleReconciler(queues, everyMs).catch(onError);
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

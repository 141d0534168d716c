/**
 * The deliver worker: one webhook delivery attempt per run. The store keeps
 * the attempt count and the next attempt time; between attempts the same job
 * waits in BullMQ's delayed set (same job id, same `webhook-id`), and if Redis
 * loses it the reconciler queues it again when it is due.
 */
import { DelayedError, type Job } from 'bullmq';
import { deliveriesTotal, deliveryDuration, deliveryLatency } from '../src/core/metrics.js';
import { deliver } from '../src/pipeline/processor.js';
import type { DeliverJobData } from '../src/queue/queues.js';
import type { Logger } from '../src/core/logger.js';
import type { DeliveryJob } from '../src/store/types.js';
import type { WorkerDeps } from './deps.js';
import { publishProcessor, type PublishJobResult } from './publish.js';
import { SubscriberSlots } from './subscriber-slots.js';

export type DeliverJobResult = 'succeeded' | 'retrying' | 'failed' | 'disabled' | 'skipped' | 'paused' | PublishJobResult;

/** How long a delivery waits in-process for a busy subscriber's slot before going back to the queue. */
const SLOT_WAIT_MS = 100;
/** How long it then stays in the queue before it is tried again. */
const BUSY_SUBSCRIBER_RETRY_MS = 250;

export function deliverProcessor(deps: WorkerDeps) {
  // Shared with the first attempts the article worker makes, when this process runs both.
  const slots = deps.firstAttempts?.slots ?? new SubscriberSlots(deps.config.webhookPerSubscriberConcurrency);

  /** Moves the job back to the delayed set; BullMQ then expects DelayedError to be thrown. */
  async function postpone(job: Job<DeliverJobData>, token: string | undefined, at: number): Promise<never> {
    await job.moveToDelayed(at, token);
    throw new DelayedError();
  }

  // Destinations share the per-subscriber slots: a WordPress site gets no more requests at once than a webhook subscriber.
  const publish = publishProcessor(deps, {
    postpone,
    acquire: (key) => slots.acquire(key, SLOT_WAIT_MS),
    release: (key) => slots.release(key),
    busyRetryMs: BUSY_SUBSCRIBER_RETRY_MS,
  });

  return async (job: Job<DeliverJobData>, token?: string): Promise<DeliverJobResult> => {
    const loaded = await deps.store.deliveries.loadJob(job.data.deliveryId);
    // Not a webhook's: a destination's (or gone, which publish finds out).
    if (!loaded) return publish(job, token);
    if (loaded.delivery.status !== 'pending') return 'skipped';
    if (!loaded.webhook.active) {
      // Disabled since it was queued: it waits as paused for the subscription to be re-enabled.
      await deps.store.deliveries.pause(loaded.delivery.id, new Date());
      return 'paused';
    }
    const { delivery, webhook, article } = loaded;
    if (!(await slots.acquire(webhook.id, SLOT_WAIT_MS))) return postpone(job, token, Date.now() + BUSY_SUBSCRIBER_RETRY_MS);

    const log = deps.log.child({ deliveryId: delivery.id, jobId: job.id, url: webhook.url, feedId: article.feedId });
    const { result, retryAt } = await attemptDelivery(deps, loaded, log, () => slots.release(webhook.id));
    return retryAt ? postpone(job, token, retryAt.getTime()) : result;
  };
}

export type AttemptEnd = { result: 'succeeded' | 'failed' | 'disabled'; retryAt: null } | { result: 'retrying'; retryAt: Date };

/**
 * One attempt of a loaded webhook delivery, recorded and counted. The caller
 * holds the subscriber's slot and gets `sent` as soon as the request is over;
 * a retry's time comes back for the caller to queue (the job's own delay, or
 * a new job for a first attempt made outside the queue).
 */
export async function attemptDelivery(deps: WorkerDeps, loaded: DeliveryJob, log: Logger, sent: () => void): Promise<AttemptEnd> {
  const { delivery } = loaded;
  const stopTimer = deliveryDuration.startTimer();
  let done;
  try {
    done = await deliver(loaded, deps);
  } finally {
    stopTimer();
    sent();
  }
  const { outcome, attempt } = done;
  await deps.store.deliveries.recordAttempt(delivery.id, attempt);
  const attempts = delivery.attempts + 1;
  if (outcome.kind === 'success') {
    deliveriesTotal.inc({ outcome: 'success' });
    // The delivery row is created with the article, so this is stored-to-delivered, retries included.
    deliveryLatency.observe(Math.max(0, attempt.at.getTime() - Date.parse(delivery.createdAt)) / 1000);
    log.debug({ status: outcome.status, attempts }, 'webhook delivered');
    return { result: 'succeeded', retryAt: null };
  }
  if (outcome.kind === 'disable') {
    deliveriesTotal.inc({ outcome: 'disabled' });
    log.warn('subscriber answered 410 Gone: webhook disabled');
    return { result: 'disabled', retryAt: null };
  }
  const { nextAttemptAt } = attempt;
  if (!nextAttemptAt) {
    deliveriesTotal.inc({ outcome: 'failed' });
    log.warn({ attempts, err: outcome.error }, 'webhook delivery failed for good');
    return { result: 'failed', retryAt: null };
  }
  deliveriesTotal.inc({ outcome: 'retry' });
  log.info({ attempts, err: outcome.error, nextAttemptAt }, 'webhook delivery will be retried');
  return { result: 'retrying', retryAt: nextAttemptAt };
}

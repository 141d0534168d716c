/**
 * Deliveries to destinations (WordPress), run by the deliver worker: same
 * queue, same job ids, same store columns and retry schedule as webhooks.
 * Differences: a 4xx that cannot succeed fails at once with WordPress' own
 * message; deliveries of one article to one destination run in order (a later
 * one waits while an older one is pending), so two attempts never race to
 * create the same post.
 */
import type { Job } from 'bullmq';
import { deliveryDuration, publishesTotal } from '../src/core/metrics.js';
import { errorMessage } from '../src/core/errors.js';
import { secretBoxFor } from '../src/core/secret-box.js';
import { retryDelayMs } from '../src/publish/backoff.js';
import { WordPressClient } from '../src/publish/wordpress/client.js';
import { postSlug, publishArticle, type PublishOutcome } from '../src/publish/wordpress/publish.js';
import type { DeliverJobData } from '../src/queue/queues.js';
import type { WorkerDeps } from './deps.js';

/** How long a delivery waits for an older one of the same article and destination before looking again. */
const ORDER_WAIT_MS = 2_000;
/** Largest JSON answer read from a WordPress site (a post with its content, a page of terms). */
const MAX_RESPONSE_BYTES = 5 * 1024 * 1024;

export type PublishJobResult = 'succeeded' | 'retrying' | 'failed' | 'skipped' | 'waiting';

/** What the deliver worker lends: putting a job back in the queue, and its per-subscriber slots. */
export interface DeliverMachinery {
  postpone: (job: Job<DeliverJobData>, token: string | undefined, at: number) => Promise<never>;
  acquire: (key: string) => Promise<boolean>;
  release: (key: string) => void;
  busyRetryMs: number;
}

export function publishProcessor(deps: WorkerDeps, machinery: DeliverMachinery) {
  const { postpone } = machinery;
  return async (job: Job<DeliverJobData>, token?: string): Promise<PublishJobResult> => {
    const loaded = await deps.store.destinations.loadDeliveryJob(job.data.deliveryId);
    if (!loaded || loaded.delivery.status !== 'pending' || !loaded.destination.enabled) return 'skipped';
    const { delivery, destination, article } = loaded;
    if (loaded.waitsFor !== null) return postpone(job, token, Date.now() + ORDER_WAIT_MS);

    const log = deps.log.child({ deliveryId: delivery.id, jobId: job.id, destinationId: destination.id, articleId: article.id, feedId: article.feedId });
    const attempt = async (): Promise<PublishOutcome> => {
      let password: string;
      try {
        password = secretBoxFor(deps.config).open(destination.passwordSealed);
      } catch (err) {
        return { kind: 'failed', status: null, error: `the destination's application password cannot be read: ${errorMessage(err)}` };
      }
      // Recorded before any request: a retry after a lost answer or a crash looks for this exact slug.
      const claim = loaded.post
        ? { slug: loaded.post.slug, claimed: false }
        : await deps.store.destinations.claimSlug(destination.id, article.id, postSlug(article, destination.id), new Date());
      const { slug } = claim;
      // Only a slug recorded before this attempt (by one that may have created the post) needs a lookup.
      const mayExist = !claim.claimed;
      const limits = { timeoutMs: deps.config.wordpressTimeoutMs, maxResponseBytes: MAX_RESPONSE_BYTES };
      const client = new WordPressClient(deps.http, { apiUrl: destination.apiUrl, username: destination.username, password }, limits);
      return publishArticle(deps.http, client, {
        settings: { ...destination, destinationId: destination.id },
        article,
        slug,
        remoteId: loaded.post?.remoteId ?? null,
        mayExist,
        maxImageBytes: deps.config.wordpressMaxImageBytes,
        imageTimeoutMs: deps.config.wordpressTimeoutMs,
      });
    };
    const slot = `destination:${destination.id}`;
    if (!(await machinery.acquire(slot))) return postpone(job, token, Date.now() + machinery.busyRetryMs);
    const stopTimer = deliveryDuration.startTimer();
    let outcome: PublishOutcome;
    try {
      outcome = await attempt();
    } finally {
      stopTimer();
      machinery.release(slot);
    }

    const now = new Date();
    const attempts = delivery.attempts + 1;
    if (outcome.kind === 'success') {
      await deps.store.destinations.recordPost(destination.id, article.id, outcome.remote, now);
      await deps.store.deliveries.recordAttempt(delivery.id, {
        at: now,
        ok: true,
        httpStatus: outcome.status,
        error: outcome.warning,
        nextAttemptAt: null,
        disableWebhook: false,
        remote: outcome.remote,
      });
      publishesTotal.inc({ type: destination.type, outcome: outcome.action });
      if (outcome.warning) log.warn({ warning: outcome.warning }, 'post published with a warning');
      log.debug({ remoteId: outcome.remote.id, action: outcome.action, attempts }, 'post published');
      return 'succeeded';
    }
    const policy = { baseMs: deps.config.webhookBackoffBaseMs, maxMs: deps.config.webhookBackoffMaxMs, maxAttempts: deps.config.webhookMaxAttempts };
    const giveUp = outcome.kind === 'failed' || attempts >= policy.maxAttempts;
    const nextAttemptAt = giveUp ? null : new Date(now.getTime() + retryDelayMs(attempts, policy));
    await deps.store.deliveries.recordAttempt(delivery.id, {
      at: now,
      ok: false,
      httpStatus: outcome.status,
      error: outcome.error,
      nextAttemptAt,
      disableWebhook: false,
    });
    if (!nextAttemptAt) {
      publishesTotal.inc({ type: destination.type, outcome: 'failed' });
      log.warn({ attempts, err: outcome.error }, 'publishing failed for good');
      return 'failed';
    }
    publishesTotal.inc({ type: destination.type, outcome: 'retry' });
    log.info({ attempts, err: outcome.error, nextAttemptAt }, 'publishing will be retried');
    return postpone(job, token, nextAttemptAt.getTime());
  };
}

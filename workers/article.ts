/**
 * The article worker: one staged item per job. Loads the item and its feed,
 * runs the pipeline's processItem (normalize -> filter -> dedupe -> store ->
 * fan out) and queues the deliveries it created. Running a job twice stores
 * and announces nothing new: the store's unique keys see to it.
 */
import type { Job } from 'bullmq';
import { errorMessage } from '../src/core/errors.js';
import { articlesCreatedTotal, articlesUpdatedTotal, normalizeDuration } from '../src/core/metrics.js';
import { processItem } from '../src/pipeline/processor.js';
import type { ArticleJobData } from '../src/queue/queues.js';
import type { WorkerDeps } from './deps.js';

export type ArticleJobResult = 'created' | 'updated' | 'filtered' | 'duplicate' | 'unchanged' | 'skipped';

export function articleProcessor(deps: WorkerDeps) {
  return async (job: Job<ArticleJobData>): Promise<ArticleJobResult> => {
    const { itemId, feedId } = job.data;
    const [pending, feed] = await Promise.all([deps.store.items.get(itemId), deps.store.feeds.get(feedId)]);
    if (!pending || !feed) return 'skipped';
    const log = deps.log.child({ feedId, jobId: job.id, url: pending.item.url });
    const started = performance.now();
    const processed = await processItem(pending, feed, { ...deps, log });
    normalizeDuration.observe((performance.now() - started) / 1000);
    if (processed.kind === 'not_article') {
      log.debug({ reason: processed.reason }, 'item skipped: not an article');
      return 'skipped';
    }
    if (processed.kind === 'filtered') {
      log.debug({ reason: processed.reason }, 'item filtered');
      return 'filtered';
    }
    const result = processed.saved;
    await deps.queues.enqueueDeliveries(result.deliveryIds);
    if (result.event === 'article.created') articlesCreatedTotal.inc();
    if (result.event === 'article.updated') articlesUpdatedTotal.inc();
    if (result.article !== null) {
      log.debug({ articleId: result.article.id, event: result.event, deliveries: result.deliveryIds.length }, 'article stored');
    } else {
      log.debug({ skipped: result.skipped }, 'article not stored');
    }
    if (result.event === 'article.created') return 'created';
    if (result.event === 'article.updated') return 'updated';
    return result.skipped ?? 'unchanged';
  };
}

/** After the last attempt, the item is marked failed in the store so the reconciler stops re-queueing it. */
export function articleFailed(deps: WorkerDeps) {
  return async (job: Job<ArticleJobData> | undefined, err: Error): Promise<void> => {
    if (!job || job.attemptsMade < (job.opts.attempts ?? 1)) return;
    deps.log.error({ feedId: job.data.feedId, jobId: job.id, err: errorMessage(err) }, 'article failed for good');
    await deps.store.items.markFailed(job.data.itemId, errorMessage(err)).catch(() => undefined);
  };
}

/**
 * The article stage: one batch of a feed's staged items per job, or run by
 * the fetch that staged them (workers/fetch.ts). Loads the items still open,
 * their feed and its learned boilerplate at once, runs the pipeline's
 * processItems (normalize -> filter -> dedupe -> store -> fan out) and hands
 * every delivery the batch created on in one go. Running a job twice
 * stores and announces nothing new: the store's unique keys and item states
 * see to it.
 */
import type { Job } from 'bullmq';
import { errorMessage } from '../src/core/errors.js';
import type { Logger } from '../src/core/logger.js';
import { articlesCreatedTotal, articlesUpdatedTotal, normalizeDuration } from '../src/core/metrics.js';
import { loadItemBatch, processItems, type ItemOutcome } from '../src/pipeline/processor.js';
import type { ArticleJobData } from '../src/queue/queues.js';
import type { WorkerDeps } from './deps.js';

/** How many of the batch's items ended which way. */
export type ArticleJobResult = Record<'created' | 'updated' | 'filtered' | 'duplicate' | 'unchanged' | 'skipped' | 'failed', number>;

function resultOf(outcome: ItemOutcome): keyof ArticleJobResult {
  switch (outcome.kind) {
    case 'not_article':
      return 'skipped';
    case 'filtered':
    case 'failed':
      return outcome.kind;
    case 'saved':
      if (outcome.saved.event === 'article.created') return 'created';
      if (outcome.saved.event === 'article.updated') return 'updated';
      return outcome.saved.skipped ?? 'unchanged';
  }
}

/**
 * The article stage for some of one feed's staged items: load the ones still
 * open, process them, hand their deliveries on. The article job runs it, and
 * so does a fetch that found few enough items to clean them itself.
 */
export async function runArticleBatch(deps: WorkerDeps, feedId: string, itemIds: readonly string[], log: Logger): Promise<ArticleJobResult> {
  const result: ArticleJobResult = { created: 0, updated: 0, filtered: 0, duplicate: 0, unchanged: 0, skipped: 0, failed: 0 };
  // Settled items (a batch run before, or items done by another batch) are not loaded again.
  const batch = await loadItemBatch(feedId, itemIds, deps);
  if (!batch) return { ...result, skipped: itemIds.length };
  const { pending } = batch;
  result.unchanged = itemIds.length - pending.length;
  if (pending.length === 0) return result;
  const started = performance.now();
  const outcomes = await processItems(batch, { ...deps, log }, { at: new Date(), firstOfferAfterMs: deps.firstAttempts?.leaseMs });
  // Per item, as before batching: the histogram stays comparable.
  const perItem = (performance.now() - started) / 1000 / pending.length;
  for (let i = 0; i < pending.length; i += 1) normalizeDuration.observe(perItem);
  const deliveryIds = outcomes.flatMap((o) => (o.kind === 'saved' ? o.saved.deliveryIds : []));
  // The saved articles as the save returned them: the first attempts need not read them back.
  const articles = new Map(outcomes.flatMap((o) => (o.kind === 'saved' && o.saved.event !== null && o.saved.article ? [[o.saved.article.id, o.saved.article] as const] : [])));
  if (deps.firstAttempts) await deps.firstAttempts.offer(deliveryIds, articles);
  else await deps.queues.enqueueDeliveries(deliveryIds);
  for (const outcome of outcomes) result[resultOf(outcome)] += 1;
  articlesCreatedTotal.inc(result.created);
  articlesUpdatedTotal.inc(result.updated);
  if (log.isLevelEnabled('debug')) log.debug({ items: pending.length, ...result }, 'batch processed');
  return result;
}

export function articleProcessor(deps: WorkerDeps) {
  return (job: Job<ArticleJobData>): Promise<ArticleJobResult> =>
    runArticleBatch(deps, job.data.feedId, job.data.itemIds, deps.log.child({ feedId: job.data.feedId, jobId: job.id }));
}

/** After the last attempt, the batch's open items are marked failed in the store so the reconciler stops re-queueing them. */
export function articleFailed(deps: WorkerDeps) {
  return async (job: Job<ArticleJobData> | undefined, err: Error): Promise<void> => {
    if (!job || job.attemptsMade < (job.opts.attempts ?? 1)) return;
    deps.log.error({ feedId: job.data.feedId, jobId: job.id, items: job.data.itemIds.length, err: errorMessage(err) }, 'article batch failed for good');
    // Only the items still open: the batch may have settled some before it failed.
    const open = await deps.store.items.getMany(job.data.itemIds).catch(() => []);
    for (const item of open) await deps.store.items.markFailed(item.id, errorMessage(err)).catch(() => undefined);
  };
}

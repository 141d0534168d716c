/**
 * The article worker: one staged item per job. Normalize (full text when the
 * feed asks for it), apply the feed's filters, then store the article and its
 * deliveries in one transaction and queue the deliveries. Running a job twice
 * stores and announces nothing new: the store's unique keys see to it.
 */
import type { Job } from 'bullmq';
import { errorMessage } from '../src/core/errors.js';
import { articlesCreatedTotal, articlesUpdatedTotal, normalizeDuration } from '../src/core/metrics.js';
import { normalizeItem } from '../src/normalize/index.js';
import { normalizeContext } from '../src/pipeline/articles.js';
import { filterVerdict } from '../src/pipeline/filters.js';
import type { ArticleJobData } from '../src/queue/queues.js';
import type { Config } from '../config/index.js';
import type { WorkerDeps } from './deps.js';

function boilerplatePolicy(config: Pick<Config, 'boilerplateMinItems' | 'boilerplateSharePercent' | 'boilerplateWindow'>) {
  return { minItems: config.boilerplateMinItems, share: config.boilerplateSharePercent / 100, window: config.boilerplateWindow };
}

export type ArticleJobResult = 'created' | 'updated' | 'filtered' | 'duplicate' | 'unchanged' | 'skipped';

export function articleProcessor(deps: WorkerDeps) {
  return async (job: Job<ArticleJobData>): Promise<ArticleJobResult> => {
    const { itemId, feedId } = job.data;
    const [pending, feed] = await Promise.all([deps.store.items.get(itemId), deps.store.feeds.get(feedId)]);
    if (!pending || !feed) return 'skipped';
    const log = deps.log.child({ feedId, jobId: job.id, url: pending.item.url });
    const started = performance.now();
    const ctx = normalizeContext(
      { url: feed.url, title: feed.title, siteUrl: feed.siteUrl, language: null, kind: feed.kind },
      feed.fullText,
      { http: deps.http, config: deps.config, log },
    );
    const policy = boilerplatePolicy(deps.config);
    const learned = await deps.store.boilerplate.learned(feedId, policy);
    const article = await normalizeItem(pending.item, { ...ctx, disabledRules: feed.rules.disable, learned });
    normalizeDuration.observe((performance.now() - started) / 1000);
    const notArticle = article.provenance?.skipped;
    if (notArticle) {
      await deps.store.items.markNotAnArticle(itemId, feedId, notArticle);
      log.debug({ reason: notArticle }, 'item skipped: not an article');
      return 'skipped';
    }
    await deps.store.boilerplate.observe(feedId, article.provenance?.edges ?? [], policy.window);
    const dropped = filterVerdict(article, feed.include, feed.exclude);
    if (dropped !== null) {
      await deps.store.items.markSkipped(itemId, `filtered: ${dropped}`);
      log.debug({ reason: dropped }, 'item filtered');
      return 'filtered';
    }
    const result = await deps.store.articles.saveFromItem(itemId, article, { at: new Date() });
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

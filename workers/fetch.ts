/**
 * The fetch worker: one feed per job. Loads the feed's fetch state, runs the
 * pipeline's fetchFeed (conditional GET or pushed content, parse, stage),
 * records the outcome with the schedule's decision and the new and changed
 * items (one store transaction), and queues the article stage for them. A
 * failure of the feed itself (HTTP, parse, timeout) is recorded on the feed
 * and is not a job failure: the schedule retries it.
 */
import type { Job } from 'bullmq';
import { FeedloomError, FetchError, errorMessage } from '../src/core/errors.js';
import { fetchDuration, fetchFailuresTotal, fetchesTotal } from '../src/core/metrics.js';
import { requestOptionsOf } from '../src/fetch/stored-request-options.js';
import { fetchFeed } from '../src/pipeline/processor.js';
import { discoverHub } from '../src/websub/discovery.js';
import { subscribeAfterFetch } from '../src/websub/subscriber.js';
import { ARTICLE_BATCH_SIZE, type FetchJobData } from '../src/queue/queues.js';
import { scheduleAfterFetch } from '../src/schedule/after-fetch.js';
import type { Logger } from '../src/core/logger.js';
import { runArticleBatch } from './article.js';
import type { WorkerDeps } from './deps.js';

export type FetchJobResult = 'ok' | 'not_modified' | 'failed' | 'skipped';

/**
 * A fetch's new and changed items go on to the article stage. A process that
 * runs it cleans up to one article job's worth right here: a job of its own
 * would cost Redis round trips and a wait in the queue, for a poll that
 * mostly finds one or two items. More than that, or a process without the
 * article stage, queues article jobs (the work spreads over the workers). If
 * cleaning here fails, the items are queued as a job and retried with its
 * backoff; if the process dies, they are still open in the store and the
 * reconciler queues them.
 */
async function articleStage(deps: WorkerDeps, feedId: string, itemIds: string[], log: Logger): Promise<void> {
  if (deps.inlineArticles && itemIds.length > 0 && itemIds.length <= ARTICLE_BATCH_SIZE) {
    try {
      await runArticleBatch(deps, feedId, itemIds, log);
      return;
    } catch (err) {
      log.warn({ err: errorMessage(err), items: itemIds.length }, 'cleaning the fetched items failed; queued as an article job');
    }
  }
  await deps.queues.enqueueArticles(itemIds.map((itemId) => ({ feedId, itemId })));
}

export function fetchProcessor(deps: WorkerDeps) {
  return async (job: Job<FetchJobData>): Promise<FetchJobResult> => {
    const { feedId } = job.data;
    // Asked together, so they go to the store thread in one message.
    const [state, source] = await Promise.all([deps.store.feeds.getFetchState(feedId), deps.store.sources.get(feedId)]);
    if (!state || !source) return 'skipped';
    const { feed } = state;
    if ((feed.status === 'paused' || feed.status === 'gone') && !job.data.manual) return 'skipped';
    // Queued because the feed was due, and a fetch since then (a trigger's, registration's) has set its next one: the
    // scheduler's scan read it due just before that fetch recorded, and queued this job once that one was gone.
    if (!job.data.manual && !job.data.push && feed.nextFetchAt !== null && Date.parse(feed.nextFetchAt) > Date.now()) return 'skipped';
    const log = deps.log.child({ feedId, jobId: job.id, url: feed.url });
    const started = Date.now();
    const now = new Date(started);
    try {
      const { push } = job.data;
      // Pushed content arrives as a document: no request, and the feed's source stays what polling found.
      const result = await fetchFeed(
        { ...feed, etag: state.etag, lastModified: state.lastModified },
        source,
        { request: requestOptionsOf(state.request, deps.config), push },
        { ...deps, log, sources: deps.store.sources },
      );
      const durationMs = Date.now() - started;
      fetchDuration.observe(durationMs / 1000);
      const { document } = result;
      if (result.kind === 'not_modified') {
        const schedule = scheduleAfterFetch(deps.config, state, { outcome: 'not_modified', headers: document.headers }, now);
        await deps.store.feeds.recordNotModified(feedId, { at: now, durationMs, url: document.url, bytes: 0, feedUrl: feed.url, ...schedule });
        fetchesTotal.inc({ outcome: 'not_modified' });
        log.debug('feed not modified');
        return 'not_modified';
      }
      const parsed = result.feed;
      const { recorded, pendingItemIds } = await deps.store.feeds.recordSuccess(feedId, {
        at: now,
        httpStatus: document.status,
        newUrl: document.permanentRedirect && document.url !== feed.url ? document.url : null,
        etag: document.etag,
        lastModified: document.lastModified,
        feedTitle: parsed.title,
        siteUrl: parsed.siteUrl,
        kind: parsed.kind,
        durationMs,
        url: document.url,
        bytes: document.body.byteLength,
        ...scheduleAfterFetch(
          deps.config,
          state,
          { outcome: 'ok', headers: document.headers, itemDates: parsed.items.map((item) => item.publishedAt), ttlSeconds: parsed.ttlSeconds },
          now,
        ),
        items: result.staged,
        warning: parsed.warning ?? null,
        feedUrl: feed.url,
      });
      if (!recorded) {
        // Deleted, or moved to another URL while this one was read: the move made the feed due, and that fetch counts.
        log.info('fetch outcome dropped: the feed was deleted or its URL changed meanwhile');
        return 'skipped';
      }
      const used = result.source;
      if (used && (used.sourceInUse !== source.sourceInUse || used.wordpressApi !== source.wordpressApi)) {
        await deps.store.sources.recordSource(feedId, used);
      }
      await articleStage(deps, feedId, pendingItemIds, log);
      if (!push) await subscribeAfterFetch({ ...deps, log }, feedId, discoverHub(document.headers, document.url, parsed.hubUrl, parsed.selfUrl ?? null), now);
      fetchesTotal.inc({ outcome: 'ok' });
      log.info({ items: parsed.items.length, pending: pendingItemIds.length, pushed: push !== undefined }, push ? 'pushed content read' : 'feed fetched');
      return 'ok';
    } catch (err) {
      // Only failures of the feed are recorded on it; anything else (store down) fails the job and the reconciler retries.
      if (!(err instanceof FeedloomError)) throw err;
      const fetchError = err instanceof FetchError ? err : null;
      // A body that did not parse came with a status (200) too; loadFeed puts it in the details.
      const answered = typeof err.details.httpStatus === 'number' ? err.details.httpStatus : null;
      const failures = feed.consecutiveFailures + 1;
      await deps.store.feeds.recordFailure(feedId, {
        at: now,
        httpStatus: fetchError?.httpStatus ?? answered,
        code: err.code,
        message: err.message,
        gone: err.code === 'GONE',
        durationMs: Date.now() - started,
        failingAfter: deps.config.failingAfter,
        url: feed.url,
        feedUrl: feed.url,
        ...scheduleAfterFetch(deps.config, state, { outcome: 'error', retryAfterSeconds: fetchError?.retryAfterSeconds ?? null }, now),
      });
      fetchesTotal.inc({ outcome: 'error' });
      fetchFailuresTotal.inc({ cause: err.code });
      log.warn({ code: err.code, err: errorMessage(err), consecutiveFailures: failures }, 'feed fetch failed');
      return 'failed';
    }
  };
}

/**
 * The backfill worker: one step (one page of history) per job, on the fetch
 * queue. The step's items and the next position are saved together; then the
 * articles are queued and the next step after them. A Retry-After or a
 * transient failure waits and tries the same step again; a refusal that
 * cannot change (4xx, not a feed) ends the backfill as failed.
 */
import type { Job } from 'bullmq';
import { FeedloomError, FetchError, ParseError, errorMessage } from '../src/core/errors.js';
import { backfillStep, MAX_STEP_RETRIES, stagedItems } from '../src/pipeline/backfill.js';
import type { BackfillJobData } from '../src/queue/queues.js';
import type { BackfillState } from '../src/store/types.js';
import type { WorkerDeps } from './deps.js';

export type BackfillJobResult = 'running' | 'done' | 'failed' | 'retrying' | 'skipped';

const RETRY_BASE_MS = 2_000;
const RETRY_MAX_MS = 5 * 60_000;

function isPermanent(err: FeedloomError): boolean {
  if (err instanceof ParseError) return true;
  if (!(err instanceof FetchError) || err.httpStatus === null) return false;
  return err.httpStatus >= 400 && err.httpStatus < 500 && err.httpStatus !== 408 && err.httpStatus !== 429;
}

export function backfillProcessor(deps: WorkerDeps) {
  return async (job: Job<BackfillJobData>): Promise<BackfillJobResult> => {
    const { feedId, step } = job.data;
    const [feed, source] = await Promise.all([deps.store.feeds.get(feedId), deps.store.sources.get(feedId)]);
    const state = source?.backfill;
    if (!feed || !source || !state || state.status !== 'running' || state.nextPage !== step) return 'skipped';
    if (state.notBefore && state.notBefore > new Date().toISOString()) return 'skipped';
    const log = deps.log.child({ feedId, jobId: job.id, url: feed.url, step });
    try {
      const result = await backfillStep(feedId, feed.url, source, state, { ...deps, log, sources: deps.store.sources });
      const next: BackfillState = { ...result.state, notBefore: null };
      const { pendingItemIds } = await deps.store.sources.stageBackfill(feedId, stagedItems(result.items), next);
      // Oldest first: the article stage takes them in the order they are queued.
      await deps.queues.enqueueArticles(pendingItemIds.map((itemId) => ({ feedId, itemId })));
      if (next.status === 'running') await deps.queues.enqueueBackfill([{ feedId, step: next.nextPage }]);
      log.info({ items: result.items.length, pending: pendingItemIds.length, fetched: next.fetched, limit: next.limit, status: next.status }, 'backfill step');
      return next.status;
    } catch (err) {
      // Anything but a failure of the source (the store down) fails the job; the reconciler queues the step again.
      if (!(err instanceof FeedloomError)) throw err;
      const retries = (state.retries ?? 0) + 1;
      if (isPermanent(err) || retries > MAX_STEP_RETRIES) {
        await deps.store.sources.saveBackfill(feedId, { ...state, status: 'failed', error: err.message, notBefore: null });
        log.warn({ code: err.code, err: errorMessage(err) }, 'backfill failed');
        return 'failed';
      }
      const retryAfter = err instanceof FetchError ? err.retryAfterSeconds : null;
      const delayMs = retryAfter !== null ? retryAfter * 1000 : Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** (retries - 1));
      await deps.store.sources.saveBackfill(feedId, { ...state, retries, notBefore: new Date(Date.now() + delayMs).toISOString() });
      await deps.queues.enqueueBackfill([{ feedId, step, retry: retries }], delayMs);
      log.info({ code: err.code, err: errorMessage(err), delayMs, retries }, 'backfill step will be tried again');
      return 'retrying';
    }
  };
}

/**
 * The BullMQ queues and how work is put on them. Job ids are deterministic,
 * so adding a job that is already waiting is a no-op: the reconciler and the
 * workers can enqueue freely without ever doubling work.
 *
 * BullMQ refuses ':' in custom ids, so ids use '-' (`fetch-<feedId>` where
 * DESIGN.md writes `fetch:<feedId>`).
 */
import { createHash } from 'node:crypto';
import { Queue, type JobsOptions } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';


export * from './names.js';

export interface FetchJobData {
  feedId: string;
  /** Set by "fetch now": ignore the schedule. */
  manual?: boolean;
  /** Content a WebSub hub pushed (signature already checked): processed instead of fetching. */
  push?: PushedContent;
}

export interface PushedContent {
  /** The notification body, base64 (bytes as sent: the charset is decoded like a fetched body's). */
  body: string;
  contentType: string | null;
  /** Response-like headers worth keeping (Link: hub and self). */
  link: string | null;
}
export interface BackfillJobData {
  feedId: string;
  /** The step of the backfill this job runs; a job whose step is not the saved one does nothing. */
  step: number;
}
/** Staged items of one feed, cleaned and stored together (one feed load, one store transaction). */
export interface ArticleJobData {
  feedId: string;
  itemIds: string[];
}

/** Most items one article job carries: large enough to share the per-batch work, small enough to spread over workers. */
export const ARTICLE_BATCH_SIZE = 50;
export interface DeliverJobData {
  deliveryId: string;
}

export const jobIds = {
  fetch: (feedId: string) => `fetch-${feedId}`,
  /** Per body: a hub retrying the same notification does not queue it twice, a new one never waits behind a poll. */
  push: (feedId: string, bodyHash: string) => `push-${feedId}-${bodyHash.slice(0, 32)}`,
  /** By the batch's items (sorted): the reconciler re-queueing the same waiting batch adds nothing. */
  article: (feedId: string, itemIds: readonly string[]) =>
    `article-${feedId}-${createHash('sha256').update(itemIds.join(',')).digest('hex').slice(0, 24)}`,
  deliver: (deliveryId: string) => `deliver-${deliveryId}`,
  /** A retry of a step gets an id of its own: the failed attempt's job is still the active one when it queues it. */
  backfill: (feedId: string, step: number, retry = 0) => (retry > 0 ? `backfill-${feedId}-${step}-r${retry}` : `backfill-${feedId}-${step}`),
};

/**
 * Finished jobs are removed so that the same id can be queued again later.
 * Failed ones too: BullMQ ignores an add whose id is still in the failed set,
 * so a kept failure (say, a job that ran while the database was down) would
 * block that feed, item or delivery from ever being queued again by the
 * reconciler. The failure is in the store (lastError) and the worker's log.
 */
const FINISHED: Pick<JobsOptions, 'removeOnComplete' | 'removeOnFail'> = {
  removeOnComplete: true,
  removeOnFail: true,
};

export function redisConnection(url: string, options: RedisOptions = {}): Redis {
  // maxRetriesPerRequest null: BullMQ workers must wait for Redis to come back, not fail commands.
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, ...options });
}

/**
 * Groups items by feed, sorts each feed's ids and cuts them into batches of
 * ARTICLE_BATCH_SIZE. The fetch worker and the reconciler cut the same way, and
 * a batch is settled as a whole, so while a fetch's batches wait (or after some
 * of them ran) the reconciler's cut of the feed's pending items yields the same
 * batches, hence the same job ids, and queues nothing twice.
 */
export function articleBatches(items: readonly { feedId: string; itemId: string }[]): ArticleJobData[] {
  const byFeed = new Map<string, string[]>();
  for (const { feedId, itemId } of items) {
    const ids = byFeed.get(feedId);
    if (ids) ids.push(itemId);
    else byFeed.set(feedId, [itemId]);
  }
  const batches: ArticleJobData[] = [];
  for (const [feedId, ids] of byFeed) {
    const sorted = [...new Set(ids)].sort();
    for (let start = 0; start < sorted.length; start += ARTICLE_BATCH_SIZE) {
      batches.push({ feedId, itemIds: sorted.slice(start, start + ARTICLE_BATCH_SIZE) });
    }
  }
  return batches;
}

/**
 * Whether a job in this state (BullMQ's getJobState) is still to run or running. 'unknown' is in no list or
 * set, yet its hash may be there (a flush took the set, not the hash): an add under an id whose hash exists
 * is taken for a duplicate, so such an id is a leftover as much as a finished job's.
 */
export function willRun(state: string): boolean {
  return state !== 'completed' && state !== 'failed' && state !== 'unknown';
}

/** The reconciler's re-queue of work the store says is due or open: see Queues.dropLeftovers. */
interface Requeue {
  replaceLeftovers?: boolean;
}

export class Queues {
  readonly fetch: Queue<FetchJobData>;
  readonly article: Queue<ArticleJobData>;
  readonly deliver: Queue<DeliverJobData>;
  readonly maintenance: Queue;
  readonly connection: Redis;

  constructor(redisUrl: string, readonly prefix: string) {
    // Producers get a connection that fails fast, so an API request does not hang while Redis is down.
    this.connection = redisConnection(redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
    this.connection.on('error', () => {
      // Reported through /readyz; ioredis reconnects by itself.
    });
    const opts = { connection: this.connection, prefix };
    this.fetch = new Queue<FetchJobData>('fetch', opts);
    this.article = new Queue<ArticleJobData>('article', opts);
    this.deliver = new Queue<DeliverJobData>('deliver', opts);
    this.maintenance = new Queue('maintenance', opts);
    for (const queue of this.all()) {
      queue.on('error', () => {
        // Same as the connection: /readyz reports a dead Redis, and requests that need it fail with a timeout.
      });
    }
  }

  all(): Queue[] {
    return [this.fetch, this.article, this.deliver, this.maintenance] as Queue[];
  }

  /**
   * Removes what a job left behind under these ids; returns the ids removed.
   * Finished jobs are removed as they finish, so one found completed or
   * failed, or a job hash in no list at all, was left by a Redis flush or
   * failover in mid-move (a worker
   * finishing a job whose keys were just deleted writes some of them back):
   * its id would make every later add of the same work a no-op, and the
   * reconciler could never queue that work again. Only the reconciler
   * asks for this (`replaceLeftovers`): it queues only work the store still
   * calls due or open, and pays the extra round trip on that little.
   */
  private async dropLeftovers(queue: 'fetch' | 'article' | 'deliver', ids: readonly string[]): Promise<Set<string>> {
    const target = this[queue] as Queue;
    const states = await Promise.all(ids.map((id) => target.getJobState(id)));
    // Removing an id that has nothing is a no-op.
    const dropped = ids.filter((_, n) => !willRun(states[n]!));
    await Promise.all(dropped.map((id) => target.remove(id)));
    return new Set(dropped);
  }

  /** Returns the fetch job id of every feed, queued now or already. */
  async enqueueFetch(feedIds: string[], options: { manual?: boolean } & Requeue = {}): Promise<string[]> {
    if (feedIds.length === 0) return [];
    const ids = feedIds.map((feedId) => jobIds.fetch(feedId));
    // Only the reconciler's re-offer looks first: elsewhere BullMQ's add, one atomic script, is the cheaper check, and
    // a fetch asked for just as the previous job finishes is not lost to a job that was there a round trip earlier.
    let queued = ids.map(() => false);
    if (options.replaceLeftovers) {
      queued = await this.present(this.fetch, ids);
      // Only an id whose hash is there can be a leftover: the due feeds with no job (most, unless polling runs behind)
      // skip the state check, whose LPOS walks the wait list.
      const dropped = await this.dropLeftovers('fetch', ids.filter((_, i) => queued[i]));
      queued = queued.map((isQueued, i) => isQueued && !dropped.has(ids[i]!));
    }
    const jobs = feedIds
      .filter((_, i) => !queued[i])
      .map((feedId) => ({
        name: 'fetch',
        data: { feedId, ...(options.manual ? { manual: true } : {}) },
        opts: { jobId: jobIds.fetch(feedId), attempts: 1, ...FINISHED },
      }));
    if (jobs.length > 0) await this.fetch.addBulk(jobs);
    return ids;
  }

  /**
   * Per id, whether a job hash is in Redis under it (a job waiting, delayed or
   * running, or a leftover). Adding a job again under such an id changes
   * nothing, yet BullMQ still runs its add script and writes a "duplicated"
   * event: the reconciler offers every due feed on each tick, and while
   * polling runs behind every one of them is still queued. One EXISTS each,
   * pipelined, costs Redis and this process a fraction of that.
   */
  private async present(queue: Queue, ids: string[]): Promise<boolean[]> {
    // As BullMQ's own commands do: the shared connection queues nothing while it (re)connects.
    await queue.waitUntilReady();
    const pipeline = this.connection.pipeline();
    for (const id of ids) pipeline.exists(queue.toKey(id));
    const replies = (await pipeline.exec()) ?? [];
    return ids.map((_, i) => {
      const [err, count] = replies[i] ?? [null, 0];
      if (err) throw err;
      return count === 1;
    });
  }

  async enqueuePush(feedId: string, push: PushedContent, bodyHash: string): Promise<string> {
    const jobId = jobIds.push(feedId, bodyHash);
    await this.fetch.add('push', { feedId, push }, { jobId, attempts: 1, ...FINISHED });
    return jobId;
  }

  /**
   * A backfill step, on the fetch queue (job name "backfill"): one page at a
   * time per feed, each step queueing the next. `delayMs` honours a Retry-After.
   */
  async enqueueBackfill(steps: { feedId: string; step: number; retry?: number }[], delayMs = 0): Promise<string[]> {
    if (steps.length === 0) return [];
    const jobs = steps.map(({ feedId, step, retry }) => ({
      name: 'backfill',
      data: { feedId, step },
      opts: { jobId: jobIds.backfill(feedId, step, retry), attempts: 1, ...(delayMs > 0 ? { delay: delayMs } : {}), ...FINISHED },
    }));
    // The fetch queue carries both kinds; its worker tells them apart by job name (workers/index.ts).
    await (this.fetch as unknown as Queue<BackfillJobData>).addBulk(jobs);
    return jobs.map((j) => j.opts.jobId);
  }

  /** Queues the items in batches per feed (see articleBatches); returns the batches' job ids. */
  async enqueueArticles(items: { feedId: string; itemId: string }[], options: Requeue = {}): Promise<string[]> {
    if (items.length === 0) return [];
    const jobs = articleBatches(items).map((data) => ({
      name: 'article',
      data,
      opts: { jobId: jobIds.article(data.feedId, data.itemIds), attempts: 5, backoff: { type: 'exponential', delay: 2000 }, ...FINISHED },
    }));
    if (options.replaceLeftovers) await this.dropLeftovers('article', jobs.map((j) => j.opts.jobId));
    await this.article.addBulk(jobs);
    return jobs.map((j) => j.opts.jobId);
  }

  /**
   * Delivery retries are scheduled by the store (next_attempt_at) and the
   * deliver worker, so each job is one attempt; `delayMs` defers it.
   */
  async enqueueDeliveries(deliveryIds: string[], delayMs = 0, options: Requeue = {}): Promise<void> {
    if (deliveryIds.length === 0) return;
    if (options.replaceLeftovers) await this.dropLeftovers('deliver', deliveryIds.map(jobIds.deliver));
    await this.deliver.addBulk(
      deliveryIds.map((deliveryId) => ({
        name: 'deliver',
        data: { deliveryId },
        opts: { jobId: jobIds.deliver(deliveryId), attempts: 1, ...(delayMs > 0 ? { delay: delayMs } : {}), ...FINISHED },
      })),
    );
  }

  async ping(): Promise<void> {
    const pong = await this.connection.ping();
    if (pong !== 'PONG') throw new Error(`Redis answered ${pong} to PING`);
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.all().map((q) => q.close()));
    this.connection.disconnect();
  }
}

/**
 * The article worker on batches, against a real store (both dialects) and real
 * Redis queues: one job cleans and stores a fetch's items together, queues
 * their deliveries, announces nothing a second time, and an item that cannot
 * be cleaned is recorded failed without losing the others.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/logger.js';
import type { FeedItem } from '../../src/core/model.js';
import { httpClientFor } from '../../src/fetch/from-config.js';
import { NormalizePool } from '../../src/pipeline/normalize-pool.js';
import { ARTICLE_BATCH_SIZE, articleBatches, Queues, type ArticleJobData } from '../../src/queue/queues.js';
import { articleProcessor } from '../../workers/article.js';
import type { WorkerDeps } from '../../workers/deps.js';
import { flushPrefix, REDIS_URL, testConfig } from '../helpers/service.js';
import { feedItem, feedWithItems, unique, useStore } from '../store/fixtures.js';

function story(guid: string): FeedItem {
  return feedItem(guid, {
    contentHtml: `<p>${guid}: the council voted on Tuesday to extend the tram line to the harbour district.</p><p>Work starts in spring.</p>`,
  });
}

describe('articleBatches', () => {
  it('cuts each feed\'s items, sorted, into batches of at most ARTICLE_BATCH_SIZE', () => {
    const ids = Array.from({ length: ARTICLE_BATCH_SIZE + 3 }, (_, i) => `item-${String(i).padStart(3, '0')}`);
    const batches = articleBatches([...ids.reverse().map((itemId) => ({ feedId: 'a', itemId })), { feedId: 'b', itemId: 'item-x' }]);
    expect(batches.map((b) => [b.feedId, b.itemIds.length])).toEqual([
      ['a', ARTICLE_BATCH_SIZE],
      ['a', 3],
      ['b', 1],
    ]);
    expect(batches[0]!.itemIds).toEqual([...batches[0]!.itemIds].sort());
    // A re-queue of what is still pending after the first batch ran cuts the same second batch.
    expect(articleBatches(batches[1]!.itemIds.map((itemId) => ({ feedId: 'a', itemId })))).toEqual([batches[1]]);
  });
});

describe.each(['sqlite', 'postgres'] as const)('article batches on %s', (dialect) => {
  const store = useStore(dialect);
  let queues: Queues;
  let deps: WorkerDeps;
  let pool: NormalizePool | null;

  beforeAll(() => {
    const config = testConfig('unused');
    queues = new Queues(REDIS_URL, config.queuePrefix);
    // As the service runs it: items cleaned in the normalize threads (NORMALIZE_THREADS, on by default).
    pool = config.normalizeThreads > 0 ? new NormalizePool(config.normalizeThreads, silentLogger) : null;
    deps = { config, store: store(), queues, http: httpClientFor(config), log: silentLogger, cleaner: pool?.clean };
  });
  afterAll(async () => {
    await pool?.close();
    await queues.close();
    await flushPrefix(deps.config.queuePrefix);
  });

  async function run(feedId: string, itemIds: string[]) {
    const [jobId] = await queues.enqueueArticles(itemIds.map((itemId) => ({ feedId, itemId })));
    const job = await queues.article.getJob(jobId!);
    if (!job) throw new Error(`job ${jobId} not queued`);
    return articleProcessor(deps)(job as typeof job & { data: ArticleJobData });
  }

  it('stores a batch in one job, queues its deliveries, and announces nothing when run again', async () => {
    const hook = await store().webhooks.create({ url: `http://127.0.0.1:9/${unique('hook')}`, secret: 'whsec_dGVzdHNlY3JldA==', feedIds: null, events: ['article.created', 'article.updated'] });
    const guids = [unique('a'), unique('b'), unique('c')];
    const { feedId, itemIds } = await feedWithItems(store(), guids, story);

    const first = await run(feedId, itemIds);
    expect(first).toMatchObject({ created: 3, failed: 0 });
    const created = (await store().deliveries.list(hook.id, { limit: 100 })).items;
    expect(created).toHaveLength(3);
    const queued = await Promise.all(created.map((d) => queues.deliver.getJob(`deliver-${d.id}`)));
    expect(queued.every((job) => job !== undefined)).toBe(true);

    // The same batch again (a retry, or the reconciler's copy): its items are settled, nothing is announced.
    await flushPrefix(deps.config.queuePrefix);
    const second = await run(feedId, itemIds);
    expect(second).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect((await store().deliveries.list(hook.id, { limit: 100 })).items).toHaveLength(3);
    expect(await queues.deliver.getJobCounts('waiting', 'delayed')).toEqual({ waiting: 0, delayed: 0 });
    await store().webhooks.delete(hook.id);
  });

  it('records an item that cannot be cleaned as failed and stores the rest of the batch', async () => {
    const good = [unique('good'), unique('good')];
    const bad = unique('bad');
    // A staged row without its categories (written by an older version, or damaged): cleaning it throws.
    const { feedId, itemIds } = await feedWithItems(store(), [good[0]!, bad, good[1]!], (guid) =>
      guid === bad ? ({ ...story(guid), categories: undefined } as unknown as FeedItem) : story(guid),
    );
    const badId = itemIds[1]!;

    const result = await run(feedId, itemIds);
    expect(result).toMatchObject({ created: 2, failed: 1 });
    const articles = await store().articles.list({ feedId, limit: 10 });
    expect(articles.items.map((a) => a.guid).sort()).toEqual([...good].sort());
    // Failed, not pending: the reconciler does not queue it again and again.
    expect((await store().items.pendingIds(100_000)).map((i) => i.id)).not.toContain(badId);
    expect((await store().items.getMany([badId]))[0]?.item.guid).toBe(bad);
  });
});

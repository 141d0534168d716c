/**
 * The fetch worker's job against a real store (both dialects), real Redis
 * queues and a feed served on 127.0.0.1: a job queued because the feed was
 * due does nothing once another fetch has set the feed's next one (the
 * scheduler's scan can queue it just after a trigger's fetch finished); a
 * manual trigger and a feed that is due are fetched. In a process that runs
 * the article stage too, a fetch cleans and saves the few items it found
 * itself, and queues article jobs for more than one job's worth or when
 * cleaning them fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/logger.js';
import { httpClientFor } from '../../src/fetch/from-config.js';
import { ARTICLE_BATCH_SIZE, Queues, type FetchJobData } from '../../src/queue/queues.js';
import { fetchProcessor } from '../../workers/fetch.js';
import type { WorkerDeps } from '../../workers/deps.js';
import { rss, startFeedServer, type FeedServer } from '../helpers/http-servers.js';
import { flushPrefix, REDIS_URL, testConfig } from '../helpers/service.js';
import { feedInput, unique, useStore } from '../store/fixtures.js';

describe.each(['sqlite', 'postgres'] as const)('fetch jobs on %s', (dialect) => {
  const store = useStore(dialect);
  let queues: Queues;
  let deps: WorkerDeps;
  let server: FeedServer;

  beforeAll(async () => {
    server = await startFeedServer();
    const config = testConfig('unused');
    queues = new Queues(REDIS_URL, config.queuePrefix);
    deps = { config, store: store(), queues, http: httpClientFor(config), log: silentLogger };
  });
  afterAll(async () => {
    await queues.close();
    await flushPrefix(deps.config.queuePrefix);
    await server.close();
  });

  async function run(feedId: string, manual: boolean, runWith: WorkerDeps = deps) {
    await flushPrefix(deps.config.queuePrefix);
    const [jobId] = await queues.enqueueFetch([feedId], { manual });
    const job = await queues.fetch.getJob(jobId!);
    if (!job) throw new Error(`job ${jobId} not queued`);
    return fetchProcessor(runWith)(job as typeof job & { data: FetchJobData });
  }

  /** A feed of `count` posts on the local server. */
  async function feedOf(count: number) {
    const path = `/${unique('feed')}.xml`;
    const posts = Array.from({ length: count }, (_, i) => ({
      guid: unique(`post-${i}`),
      title: `Post ${i}`,
      body: `<p>The council met for the ${i}th time and voted on the harbour budget after a long debate.</p>`,
      date: '2026-11-20T08:00:00Z',
    }));
    server.set(path, rss(posts));
    return (await store().feeds.create(feedInput({ url: `${server.base}${path}` }))).feed;
  }

  const queuedArticleJobs = async () => (await queues.article.getJobs(['waiting', 'delayed', 'prioritized'])).map((job) => job.data.itemIds.length);
  const savedArticles = async (feedId: string) => (await store().articles.list({ feedId, limit: 500 })).items.length;

  it('skips a scheduled job for a feed that is no longer due, and fetches on a trigger or when due', async () => {
    const path = `/${unique('feed')}.xml`;
    server.set(path, rss([{ guid: unique('post'), title: 'A post', body: '<p>The harbour reopened on Monday.</p>', date: '2026-11-20T08:00:00Z' }]));
    const { feed } = await store().feeds.create(feedInput({ url: `${server.base}${path}`, nextFetchAt: new Date(Date.now() + 3_600_000) }));

    expect(await run(feed.id, false)).toBe('skipped');
    expect(server.hits(path).total).toBe(0);

    expect(await run(feed.id, true)).toBe('ok');
    expect(server.hits(path).total).toBe(1);

    await store().feeds.update(feed.id, { nextFetchAt: new Date(Date.now() - 1_000) });
    expect(await run(feed.id, false)).toBe('not_modified');
    expect(server.hits(path)).toEqual({ total: 2, notModified: 1 });
  });

  it('cleans and saves the items of a fetch itself when the process runs the article stage', async () => {
    const feed = await feedOf(3);
    expect(await run(feed.id, true, { ...deps, inlineArticles: true })).toBe('ok');
    // Saved before the job ended, with no article job on the way.
    expect(await savedArticles(feed.id)).toBe(3);
    expect(await queuedArticleJobs()).toEqual([]);
    expect((await store().items.pendingIds(100_000)).filter((item) => item.feedId === feed.id)).toEqual([]);
  });

  it('queues article jobs for more items than one job takes, and without the article stage', async () => {
    const many = await feedOf(ARTICLE_BATCH_SIZE + 1);
    expect(await run(many.id, true, { ...deps, inlineArticles: true })).toBe('ok');
    expect(await savedArticles(many.id)).toBe(0);
    expect((await queuedArticleJobs()).sort((a, b) => a - b)).toEqual([1, ARTICLE_BATCH_SIZE]);

    const few = await feedOf(2);
    expect(await run(few.id, true)).toBe('ok');
    expect(await savedArticles(few.id)).toBe(0);
    expect(await queuedArticleJobs()).toEqual([2]);
  });

  it('queues the items as an article job when cleaning them in the fetch fails', async () => {
    const feed = await feedOf(2);
    // The real store, except that the article stage's read of the items fails (a store that went away mid-job).
    const failing = { ...store(), items: { ...store().items, getMany: () => Promise.reject(new Error('connection lost')) } };
    expect(await run(feed.id, true, { ...deps, store: failing, inlineArticles: true })).toBe('ok');
    expect(await savedArticles(feed.id)).toBe(0);
    expect(await queuedArticleJobs()).toEqual([2]);
  });
});

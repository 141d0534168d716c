/**
 * The fetch worker's job against a real store (both dialects), real Redis
 * queues and a feed served on 127.0.0.1: a job queued because the feed was
 * due does nothing once another fetch has set the feed's next one (the
 * scheduler's scan can queue it just after a trigger's fetch finished); a
 * manual trigger and a feed that is due are fetched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/logger.js';
import { httpClientFor } from '../../src/fetch/from-config.js';
import { Queues, type FetchJobData } from '../../src/queue/queues.js';
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

  async function run(feedId: string, manual: boolean) {
    await flushPrefix(deps.config.queuePrefix);
    const [jobId] = await queues.enqueueFetch([feedId], { manual });
    const job = await queues.fetch.getJob(jobId!);
    if (!job) throw new Error(`job ${jobId} not queued`);
    return fetchProcessor(deps)(job as typeof job & { data: FetchJobData });
  }

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
});

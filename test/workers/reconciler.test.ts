/**
 * The reconciler queues a fetch for every due feed (and only those), once:
 * a feed whose job is still queued is not offered to BullMQ again (no add
 * script, no "duplicated" event), and a job Redis lost, or whose leftover
 * hash a flush left in no list, is queued again on the next tick. An item
 * staged less than a job lock ago is left to the fetch that staged it (which
 * may be cleaning it), and queued once the lock has passed. Real Redis, a
 * real SQLite store.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queues } from '../../src/queue/queues.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/types.js';
import { reconcile } from '../../workers/reconciler.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { REDIS_URL, testConfig } from '../helpers/service.js';
import { feedInput, feedItem, fetchSuccess, unique } from '../store/fixtures.js';

describe('reconciler', () => {
  let db: TestDatabase;
  let store: Store;
  let queues: Queues;
  let redis: Redis;
  const config = testConfig('unused', { QUEUE_PREFIX: `t-rec-${randomBytes(4).toString('hex')}` });
  const due: string[] = [];
  let later: string;

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    store = await openStore(db.url);
    await store.migrate();
    queues = new Queues(REDIS_URL, config.queuePrefix);
    redis = new Redis(REDIS_URL);
    const past = new Date(Date.now() - 60_000);
    for (let i = 0; i < 3; i += 1) {
      const { feed } = await store.feeds.create({ url: `http://127.0.0.1:1/due-${i}.xml`, fullText: 'auto', include: [], exclude: [], tags: [], nextFetchAt: past });
      due.push(feed.id);
    }
    const future = new Date(Date.now() + 3_600_000);
    later = (await store.feeds.create({ url: 'http://127.0.0.1:1/later.xml', fullText: 'auto', include: [], exclude: [], tags: [], nextFetchAt: future })).feed.id;
  });

  afterAll(async () => {
    for (const queue of queues.all()) await queue.obliterate({ force: true });
    await queues.close();
    redis.disconnect();
    await store.close();
    await db.cleanup();
  });

  const waitingIds = async () => (await queues.fetch.getWaiting()).map((job) => job.id).sort();
  const duplicatedEvents = async () =>
    (await redis.xrange(`${config.queuePrefix}:fetch:events`, '-', '+')).filter(([, fields]) => fields.includes('duplicated')).length;

  it('queues a fetch for every due feed and none for a feed not due', async () => {
    const result = await reconcile({ store, queues, config });
    expect(result.feeds).toBe(3);
    expect(await waitingIds()).toEqual(due.map((id) => `fetch-${id}`).sort());
    expect(await queues.fetch.getJob(`fetch-${later}`)).toBeUndefined();
  });

  it('does not offer a still-queued feed to BullMQ again on the next tick', async () => {
    const result = await reconcile({ store, queues, config });
    // Still due (none was fetched), still queued once each, and BullMQ never saw a duplicate add.
    expect(result.feeds).toBe(3);
    expect(await waitingIds()).toEqual(due.map((id) => `fetch-${id}`).sort());
    expect(await duplicatedEvents()).toBe(0);
  });

  it('queues again a due feed whose job Redis lost', async () => {
    await queues.fetch.remove(`fetch-${due[0]}`);
    expect(await waitingIds()).toHaveLength(2);
    await reconcile({ store, queues, config });
    expect(await waitingIds()).toEqual(due.map((id) => `fetch-${id}`).sort());
    const job = await queues.fetch.getJob(`fetch-${due[0]}`);
    expect(job?.data).toEqual({ feedId: due[0] });
  });

  it('replaces a leftover hash of a due feed, in no list, with a queued job', async () => {
    // What a worker finishing a job across a flush writes back: part of the hash, in no list.
    await queues.fetch.remove(`fetch-${due[1]}`);
    await redis.hset(queues.fetch.toKey(`fetch-${due[1]}`), 'finishedOn', String(Date.now()));
    expect(await queues.fetch.getJobState(`fetch-${due[1]}`)).toBe('unknown');
    await reconcile({ store, queues, config });
    expect(await waitingIds()).toEqual(due.map((id) => `fetch-${id}`).sort());
    expect((await queues.fetch.getJob(`fetch-${due[1]}`))?.data).toEqual({ feedId: due[1] });
  });

  it('leaves an item staged less than a job lock ago to its fetch, and queues it once the lock has passed', async () => {
    const { feed } = await store.feeds.create(feedInput());
    const staged = new Date();
    const { pendingItemIds } = await store.feeds.recordSuccess(feed.id, fetchSuccess([feedItem(unique('guid'))], { at: staged }));
    const [itemId] = pendingItemIds;
    expect(itemId).toBeDefined();
    const queuedItems = async () => (await queues.article.getWaiting()).flatMap((job) => (job.data as { itemIds: string[] }).itemIds);

    await reconcile({ store, queues, config }, new Date(staged.getTime() + config.jobLockMs - 1_000));
    expect(await queuedItems()).not.toContain(itemId);
    await reconcile({ store, queues, config }, new Date(staged.getTime() + config.jobLockMs + 1_000));
    expect(await queuedItems()).toContain(itemId);
  });
});

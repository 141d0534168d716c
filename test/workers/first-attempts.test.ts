/**
 * First webhook attempts made by the process that saved the article, against
 * a real store (both dialects), real Redis queues and real subscribers on
 * 127.0.0.1: they go out without a deliver job, a retry becomes one, a slow
 * subscriber's attempt keeps the reconciler away, and deliveries nobody got to
 * (the process died) are the reconciler's once their lease ends.
 */
import { createServer } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/logger.js';
import type { FeedItem } from '../../src/core/model.js';
import { httpClientFor } from '../../src/fetch/from-config.js';
import { Queues, type ArticleJobData } from '../../src/queue/queues.js';
import { articleProcessor } from '../../workers/article.js';
import type { WorkerDeps } from '../../workers/deps.js';
import { FirstAttempts } from '../../workers/first-attempts.js';
import { listen, startWebhookReceiver, waitFor, type Listening, type WebhookReceiver } from '../helpers/http-servers.js';
import { flushPrefix, REDIS_URL, testConfig } from '../helpers/service.js';
import type { Store } from '../../src/store/types.js';
import { cleanArticle, feedItem, feedWithItems, unique, useStore } from '../store/fixtures.js';

const SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;

function story(guid: string): FeedItem {
  return feedItem(guid, {
    contentHtml: `<p>${guid}: the ferry timetable changes on Monday, with two more crossings in the evening.</p><p>Tickets stay the same price.</p>`,
  });
}

describe.each(['sqlite', 'postgres'] as const)('first attempts on %s', (dialect) => {
  const store = useStore(dialect);
  let queues: Queues;
  let base: Omit<WorkerDeps, 'firstAttempts'>;
  let receiver: WebhookReceiver;
  const started: FirstAttempts[] = [];

  beforeAll(async () => {
    // Cleaning on this thread keeps the test about delivery.
    const config = testConfig('unused', { NORMALIZE_THREADS: '0' });
    queues = new Queues(REDIS_URL, config.queuePrefix);
    base = { config, store: store(), queues, http: httpClientFor(config), log: silentLogger };
    receiver = await startWebhookReceiver();
  });
  afterEach(async () => {
    for (const attempts of started.splice(0)) await attempts.close();
    receiver.received.length = 0;
    receiver.respond = () => 200;
  });
  afterAll(async () => {
    await receiver.close();
    await queues.close();
    await flushPrefix(base.config.queuePrefix);
  });

  function firstAttempts(leaseMs?: number): FirstAttempts {
    const attempts = new FirstAttempts(base, leaseMs === undefined ? {} : { leaseMs });
    started.push(attempts);
    return attempts;
  }

  /** A feed with staged items and a webhook subscribed to it alone (the store is shared by the file's tests). */
  async function feedAndHook(guids: string[], url: string) {
    const { feedId, itemIds } = await feedWithItems(store(), guids, story);
    const hook = await store().webhooks.create({ url, secret: SECRET, feedIds: [feedId], events: ['article.created'] });
    return { hook, feedId, itemIds };
  }

  async function runArticleJob(deps: WorkerDeps, feedId: string, itemIds: string[]): Promise<void> {
    const [jobId] = await queues.enqueueArticles(itemIds.map((itemId) => ({ feedId, itemId })));
    const job = await queues.article.getJob(jobId!);
    if (!job) throw new Error(`job ${jobId} not queued`);
    await articleProcessor(deps)(job as typeof job & { data: ArticleJobData });
  }

  it('sends each delivery once without a deliver job, leased away from the reconciler until then', async () => {
    const { hook, feedId, itemIds } = await feedAndHook([unique('a'), unique('b'), unique('c')], `${receiver.base}/hook`);
    await runArticleJob({ ...base, firstAttempts: firstAttempts() }, feedId, itemIds);

    const deliveries = await waitFor(async () => {
      const items = (await store().deliveries.list(hook.id, { limit: 10 })).items;
      return items.length === 3 && items.every((d) => d.status === 'succeeded') ? items : undefined;
    }, 20_000, 'three deliveries succeeded');
    expect(deliveries.every((d) => d.attempts === 1)).toBe(true);
    const ids = receiver.received.map((r) => String(r.headers['webhook-id']));
    expect(ids.sort()).toEqual(deliveries.map((d) => d.id).sort());
    for (const delivery of deliveries) expect(await queues.deliver.getJob(`deliver-${delivery.id}`)).toBeUndefined();
  });

  it('goes on to the next request while the last attempts are still being recorded', async () => {
    const { hook, feedId, itemIds } = await feedAndHook([unique('r1'), unique('r2'), unique('r3'), unique('r4')], `${receiver.base}/hook`);
    // The real store, with each attempt's record held until the test lets it through.
    const real = store();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let held = 0;
    const gated: Store = {
      ...real,
      deliveries: {
        ...real.deliveries,
        recordAttempt: async (id, result) => {
          held += 1;
          await gate;
          return real.deliveries.recordAttempt(id, result);
        },
      },
    };
    // One request at a time to the subscriber: a runner that waited for each record would send one and stop.
    const deps = { ...base, store: gated, config: { ...base.config, webhookPerSubscriberConcurrency: 1 } };
    const attempts = new FirstAttempts(deps);
    started.push(attempts);
    await runArticleJob({ ...deps, firstAttempts: attempts }, feedId, itemIds);

    await waitFor(() => receiver.received.length === 4, 20_000, 'all four requests sent');
    expect(held).toBe(4);
    expect((await real.deliveries.list(hook.id, { limit: 10 })).items.map((d) => d.attempts)).toEqual([0, 0, 0, 0]);
    release();
    const deliveries = await waitFor(async () => {
      const items = (await real.deliveries.list(hook.id, { limit: 10 })).items;
      return items.every((d) => d.status === 'succeeded') ? items : undefined;
    }, 20_000, 'four attempts recorded');
    expect(deliveries.map((d) => d.attempts)).toEqual([1, 1, 1, 1]);
  });

  it('queues a delayed deliver job for a retry, with the attempt recorded', async () => {
    const { hook, feedId, itemIds } = await feedAndHook([unique('retry')], `${receiver.base}/hook`);
    receiver.respond = () => 503;
    await runArticleJob({ ...base, firstAttempts: firstAttempts() }, feedId, itemIds);

    const [delivery] = await waitFor(async () => {
      const items = (await store().deliveries.list(hook.id, { limit: 10 })).items;
      return items.length === 1 && items[0]!.attempts === 1 ? items : undefined;
    }, 20_000, 'the first attempt recorded');
    expect(delivery).toMatchObject({ status: 'pending', lastStatus: 503 });
    const job = await waitFor(() => queues.deliver.getJob(`deliver-${delivery!.id}`), 5_000, 'the retry job');
    expect(await job.getState()).toBe('delayed');
  });

  it("extends a slow subscriber's lease while its attempt runs, so the reconciler never queues it beside the attempt", async () => {
    const held: (() => void)[] = [];
    const hits: string[] = [];
    const slow: Listening = await listen(
      createServer((req, res) => {
        hits.push(String(req.headers['webhook-id']));
        req.resume();
        held.push(() => res.writeHead(200).end('ok'));
      }),
    );
    try {
      const { hook, feedId, itemIds } = await feedAndHook([unique('slow')], `${slow.base}/hook`);
      const leaseMs = 900;
      await runArticleJob({ ...base, firstAttempts: firstAttempts(leaseMs) }, feedId, itemIds);
      await waitFor(() => hits.length === 1, 10_000, 'the attempt under way');
      const [delivery] = (await store().deliveries.list(hook.id, { limit: 10 })).items;
      const firstLease = Date.parse(delivery!.nextAttemptAt!);

      // Past the lease the delivery was saved with, and past the next one: each was extended before it ended.
      await waitFor(async () => Date.now() > firstLease + leaseMs && Date.parse((await store().deliveries.get(delivery!.id))!.nextAttemptAt!) > Date.now(), 10_000, 'the lease extended twice');
      expect(await store().deliveries.due(new Date(), 1_000)).not.toContain(delivery!.id);

      held.shift()!();
      const done = await waitFor(async () => {
        const row = await store().deliveries.get(delivery!.id);
        return row?.status === 'succeeded' ? row : undefined;
      }, 10_000, 'the slow attempt recorded');
      expect(done).toMatchObject({ attempts: 1, nextAttemptAt: null });
      expect(hits).toEqual([delivery!.id]);
    } finally {
      for (const answer of held) answer();
      await slow.close();
    }
  });

  it('leaves deliveries no process attempted to the reconciler once their lease ends, and not before', async () => {
    const { hook, itemIds } = await feedAndHook([unique('orphan')], `${receiver.base}/hook`);
    // Saved as a process that would attempt it itself, which then died before it could.
    const [saved] = await store().articles.saveFromItems([{ itemId: itemIds[0]!, clean: cleanArticle(unique('orphan'), 'The harbour bridge reopens to cyclists on Friday after repairs.') }], {
      at: new Date(),
      firstOfferAfterMs: 1_000,
    });
    const [deliveryId] = saved!.deliveryIds;
    expect((await store().deliveries.get(deliveryId!))?.webhookId).toBe(hook.id);
    expect(await store().deliveries.due(new Date(), 1_000)).not.toContain(deliveryId);
    await waitFor(async () => (await store().deliveries.due(new Date(), 1_000)).includes(deliveryId!), 5_000, 'the delivery due once its lease ended');
  });

  it('queues what still waits when it closes', async () => {
    const { hook, feedId, itemIds } = await feedAndHook([unique('late')], `${receiver.base}/hook`);
    const attempts = firstAttempts();
    await attempts.close();
    // Closed: nothing is held here, everything goes to the queue at once.
    await runArticleJob({ ...base, firstAttempts: attempts }, feedId, itemIds);
    const [delivery] = (await store().deliveries.list(hook.id, { limit: 10 })).items;
    expect(await queues.deliver.getJob(`deliver-${delivery!.id}`)).toBeDefined();
    expect(receiver.received).toHaveLength(0);
  });
});

/**
 * A worker that dies in the middle of a job (here: takes the job, then stops
 * renewing its lock, as a killed process does) must not lose the job nor
 * let it be done twice: another worker takes the stalled job over, and the
 * store's unique keys keep the result single.
 */
import { Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../src/core/model.js';
import { redisConnection, type WorkQueueName } from '../../src/queue/queues.js';
import type { RunningService } from '../../src/service.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { rss, startFeedServer, startWebhookReceiver, waitFor, type FeedServer, type WebhookReceiver } from '../helpers/http-servers.js';
import { apiClient, flushPrefix, startTestService, testConfig } from '../helpers/service.js';

const ITEMS = [3, 2, 1].map((n) => ({
  guid: `crash-${n}`,
  title: `Crash story ${n}`,
  body: `<p>Story ${n} is long enough to be an article about what happened at the port this week.</p>`,
  date: `2026-11-0${n}T10:00:00Z`,
}));

describe.each(['fetch', 'article'] as const)('a %s worker killed mid-job', (stage: WorkQueueName) => {
  let db: TestDatabase;
  let feeds: FeedServer;
  let receiver: WebhookReceiver;
  const services: RunningService[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    feeds = await startFeedServer();
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    for (const service of services) await service.close();
    if (services[0]) await flushPrefix(services[0].config.queuePrefix);
    await feeds.close();
    await receiver.close();
    await db.cleanup();
  });

  it('has its job taken over and done exactly once', async () => {
    const config = testConfig(db.url);
    const others = (['fetch', 'article', 'deliver'] as const).filter((q) => q !== stage);
    const first = await startTestService(config, { queues: [...others] });
    services.push(first);
    const api = apiClient(first.url!);

    // The doomed worker takes one job of the stage and never finishes it.
    let started = 0;
    const doomed = new Worker(
      stage,
      async () => {
        started += 1;
        await new Promise(() => undefined);
      },
      {
        connection: redisConnection(config.redisUrl),
        prefix: config.queuePrefix,
        concurrency: 1,
        // As the service's workers are set: the stalled check's pace is shared through Redis.
        lockDuration: config.jobLockMs,
        stalledInterval: Math.max(1_000, Math.floor(config.jobLockMs / 2)),
      },
    );

    await api.post('/v1/webhooks', { url: `${receiver.base}/hook` });
    feeds.set(`/${stage}.xml`, rss(ITEMS));
    const feed = await api.post<{ id: string }>('/v1/feeds', { url: `${feeds.base}/${stage}.xml` });
    expect(feed.status).toBe(201);
    await waitFor(() => started === 1, 20_000, 'the doomed worker to take a job');
    await doomed.close(true);

    // A healthy worker process for the stage: it finds the stalled job once the lock has expired.
    const second = await startTestService({ ...config, port: 0 }, { api: false, queues: [stage], scheduler: false });
    services.push(second);

    const articles = await waitFor(async () => {
      const res = await api.get<{ items: Article[] }>(`/v1/articles?feedId=${feed.body.id}`);
      return res.body.items.length === 3 ? res.body.items : undefined;
    }, 30_000, 'three articles');
    expect(new Set(articles.map((a) => a.guid))).toEqual(new Set(['crash-1', 'crash-2', 'crash-3']));
    await waitFor(() => receiver.accepted().length >= 3, 20_000, 'three webhooks');
    // Give a doubled job every chance to show itself before counting.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).toBe(3);
    receiver.received.length = 0;
  });
});

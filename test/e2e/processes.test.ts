/**
 * The `feedloom` commands as the processes an operator runs:
 * - two `feedloom migrate` at once against one SQLite file: both succeed and
 *   every migration is applied once;
 * - a split deployment on PostgreSQL (one `feedloom api`, two `feedloom worker`
 *   processes, all three starting, so migrating, at once: each migration is
 *   applied once) turns a feed into articles delivered once each;
 * - `start`, `api` and `worker` stop on SIGTERM with exit code 0, after saying so,
 *   `start` also with its normalize threads running;
 * - `worker --metrics-port` serves that worker's own counters at /metrics.
 */
import { Webhook as Verifier } from 'standardwebhooks';
import { afterAll, describe, expect, it } from 'vitest';
import type { Article } from '../../src/core/model.js';
import { connect, locateDatabase } from '../../src/store/connection.js';
import { silentLogger } from '../../src/core/logger.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { spawnFeedloom, type FeedloomProcess } from '../helpers/feedloom-process.js';
import { rss, startFeedServer, startWebhookReceiver, waitFor } from '../helpers/http-servers.js';
import { apiClient, flushPrefix, REDIS_URL } from '../helpers/service.js';
import { StoreMigrations } from '../../src/store/migrations/index.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function baseEnv(db: TestDatabase, prefix: string): Record<string, string> {
  return {
    DATABASE_URL: db.url,
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    ALLOW_HOSTS: '127.0.0.1',
    PORT: '0',
    RECONCILE_INTERVAL_MS: '500',
    MIN_POLL_SECONDS: '1',
    SHUTDOWN_GRACE_MS: '5000',
  };
}

async function stopWithSigterm(child: FeedloomProcess): Promise<number | string> {
  child.child.kill('SIGTERM');
  const code = await child.exited;
  return code;
}

describe('two `feedloom migrate` at once on SQLite', () => {
  const dialect = 'sqlite';
  it('both exit 0 and each migration is applied once', async () => {
    const db = await createTestDatabase(dialect);
    cleanups.push(() => db.cleanup());
    const env = baseEnv(db, `mig${Date.now()}`);
    const both = [spawnFeedloom(['migrate'], env), spawnFeedloom(['migrate'], env)];
    const codes = await Promise.all(both.map((p) => p.exited));
    expect(codes, both.map((p) => p.stderr()).join('\n')).toEqual([0, 0]);

    const expected = Object.keys(await new StoreMigrations(dialect).getMigrations()).sort();
    const applied = both.flatMap((p) => p.logs.filter((l) => l.msg === 'applied migration').map((l) => String(l.migration)));
    expect(applied.sort()).toEqual(expected);
    for (const p of both) expect(p.logs.some((l) => l.msg === 'migrations applied')).toBe(true);

    const raw = connect(locateDatabase(db.url), silentLogger);
    try {
      const rows = await raw.selectFrom('kysely_migration' as never).select('name' as never).execute();
      expect((rows as Array<{ name: string }>).map((r) => r.name).sort()).toEqual(expected);
    } finally {
      await raw.destroy();
    }
  });
});

describe('a split deployment on PostgreSQL: `feedloom api` and two `feedloom worker`', () => {
  it('delivers every article once, and each process stops on SIGTERM with code 0', async () => {
    const db = await createTestDatabase('postgres');
    cleanups.push(() => db.cleanup());
    const feeds = await startFeedServer();
    cleanups.push(() => feeds.close());
    const receiver = await startWebhookReceiver();
    cleanups.push(() => receiver.close());
    const prefix = `split${Date.now()}`;
    cleanups.push(() => flushPrefix(prefix));
    const env = baseEnv(db, prefix);

    // All three start (and migrate) at once, as a deployment rolls out.
    const api = spawnFeedloom(['api'], env);
    const workers = [
      spawnFeedloom(['worker', '--queues', 'fetch,article', '--metrics-port', '0'], env),
      spawnFeedloom(['worker', '--metrics-port', '0'], env),
    ];
    const all = [api, ...workers];
    cleanups.push(() => Promise.all(all.map((p) => p.kill9())));
    const listening = await api.waitForLog('API listening');
    await Promise.all(workers.map((w) => w.waitForLog('feedloom started')));
    const metricsUrls = await Promise.all(workers.map(async (w) => String((await w.waitForLog('metrics listening')).url)));
    const applied = all.flatMap((p) => p.logs.filter((l) => l.msg === 'applied migration').map((l) => String(l.migration)));
    expect(applied.sort()).toEqual(Object.keys(await new StoreMigrations('postgres').getMigrations()).sort());
    const client = apiClient(String(listening.url));

    const hook = await client.post<{ id: string; secret: string }>('/v1/webhooks', { url: `${receiver.base}/hook` });
    expect(hook.status).toBe(201);
    const items = [1, 2, 3, 4].map((n) => ({
      guid: `split-${n}`,
      title: `Split story ${n}`,
      body: `<p>Split story ${n} is long enough to be read as an article about the harbour.</p>`,
      date: `2026-11-0${n}T10:00:00Z`,
    }));
    feeds.set('/feed.xml', rss(items));
    const feed = await client.post<{ id: string }>('/v1/feeds', { url: `${feeds.base}/feed.xml`, fullText: 'never' });
    expect(feed.status).toBe(201);

    await waitFor(() => new Set(receiver.accepted().map((r) => r.headers['webhook-id'])).size === 4, 60_000, 'four deliveries');
    const articles = (await client.get<{ items: Article[] }>(`/v1/articles?feedId=${feed.body.id}`)).body.items;
    expect(articles.map((a) => a.guid).sort()).toEqual(['split-1', 'split-2', 'split-3', 'split-4']);
    const verifier = new Verifier(hook.body.secret);
    for (const received of receiver.accepted()) {
      const payload = verifier.verify(received.body, {
        'webhook-id': String(received.headers['webhook-id']),
        'webhook-timestamp': String(received.headers['webhook-timestamp']),
        'webhook-signature': String(received.headers['webhook-signature']),
      }) as { type: string };
      expect(payload.type).toBe('article.created');
    }
    // The API process runs no worker: the fetches happened in the worker processes.
    expect(api.logs.some((l) => l.msg === 'feed fetched')).toBe(false);
    expect(workers.some((w) => w.logs.some((l) => l.msg === 'feed fetched'))).toBe(true);
    // Each worker reports what it did itself: the one fetch is counted by exactly one of them.
    const scraped = await Promise.all(metricsUrls.map(async (url) => (await fetch(url)).text()));
    const fetchedOk = scraped.map((text) => Number(/^feedloom_fetches_total\{outcome="ok"\} (\d+)/m.exec(text)?.[1] ?? 0));
    expect(fetchedOk.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
    for (const text of scraped) expect(text).toMatch(/^feedloom_process_process_cpu_seconds_total \d/m);
    expect((await fetch(metricsUrls[0]!.replace(/\/metrics$/, '/v1/feeds'))).status).toBe(404);

    const codes = await Promise.all(all.map(stopWithSigterm));
    expect(codes, all.map((p) => p.stderr()).join('\n')).toEqual([0, 0, 0]);
    for (const p of all) {
      expect(p.logs.find((l) => l.msg === 'signal received')?.signal).toBe('SIGTERM');
      expect(p.logs.some((l) => l.msg === 'stopped')).toBe(true);
    }
  });
});

describe('`feedloom start` on SQLite', () => {
  it('serves, then stops on SIGTERM with code 0', async () => {
    const db = await createTestDatabase('sqlite');
    cleanups.push(() => db.cleanup());
    const prefix = `start${Date.now()}`;
    cleanups.push(() => flushPrefix(prefix));
    const start = spawnFeedloom(['start'], baseEnv(db, prefix));
    cleanups.push(() => start.kill9());
    const listening = await start.waitForLog('API listening');
    const ready = await fetch(`${String(listening.url)}/readyz`);
    expect(ready.status).toBe(200);
    expect(await stopWithSigterm(start)).toBe(0);
    expect(start.logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['feedloom started', 'signal received', 'shutting down', 'stopped']));
  });
});

describe('`feedloom start` with normalize threads running', () => {
  it('stops on SIGTERM with code 0 after its threads cleaned articles', async () => {
    const db = await createTestDatabase('sqlite');
    cleanups.push(() => db.cleanup());
    const feeds = await startFeedServer();
    cleanups.push(() => feeds.close());
    const prefix = `pool${Date.now()}`;
    cleanups.push(() => flushPrefix(prefix));
    const start = spawnFeedloom(['start'], { ...baseEnv(db, prefix), NORMALIZE_THREADS: '2' });
    cleanups.push(() => start.kill9());
    const listening = await start.waitForLog('API listening');
    const client = apiClient(String(listening.url));
    const items = [1, 2, 3].map((n) => ({
      guid: `pool-${n}`,
      title: `Pool story ${n}`,
      body: `<p>Pool story ${n} is long enough to be read as an article about the harbour and its pilots.</p>`,
      date: `2026-11-0${n}T10:00:00Z`,
    }));
    feeds.set('/feed.xml', rss(items));
    const feed = await client.post<{ id: string }>('/v1/feeds', { url: `${feeds.base}/feed.xml`, fullText: 'never' });
    expect(feed.status).toBe(201);
    await waitFor(
      async () => (await client.get<{ items: Article[] }>(`/v1/articles?feedId=${feed.body.id}`)).body.items.length === 3,
      60_000,
      'three articles cleaned in the threads',
    );
    expect(await stopWithSigterm(start), start.stderr()).toBe(0);
    expect(start.logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['shutting down', 'stopped']));
  });
});

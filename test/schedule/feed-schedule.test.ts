/**
 * The schedule as an operator sees it: a real fetch worker run against a
 * local feed server, the decision stored on the feed (effectivePollSeconds,
 * scheduleReason), the fetch history route, `schedule: "fixed"` and the
 * fetch-log retention, on SQLite and PostgreSQL.
 */
import type { Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/logger.js';
import { httpClientFor } from '../../src/fetch/from-config.js';
import type { FetchJobData } from '../../src/queue/queues.js';
import { fetchProcessor } from '../../workers/fetch.js';
import { applyRetention } from '../../workers/reconciler.js';
import { useTestApi } from '../api/harness.js';
import { startServer, type LocalServer } from '../fetch/local-server.js';
import { TEST_DIALECTS } from '../helpers/databases.js';

const HOUR = 3_600;

function channel(inner: string, items = ''): string {
  return `<?xml version="1.0"?>
<rss version="2.0" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"><channel>
<title>Scheduled</title><link>https://news.example/</link>${inner}${items}</channel></rss>`;
}

function dailyItems(count: number): string {
  const now = Date.now();
  return Array.from(
    { length: count },
    (_, i) => `<item><guid>d${i}</guid><title>Day ${i}</title><pubDate>${new Date(now - i * 86_400_000).toUTCString()}</pubDate></item>`,
  ).join('');
}

interface Served {
  status: number;
  headers: Record<string, string>;
  body: string;
}

describe.each(TEST_DIALECTS)('the feed schedule on %s', (dialect) => {
  const api = useTestApi({ dialect, env: { ALLOW_HOSTS: '127.0.0.1' } });
  const documents = new Map<string, Served>();
  let server: LocalServer;
  let run: ReturnType<typeof fetchProcessor>;
  let jobs = 0;

  beforeAll(async () => {
    server = await startServer((req, res) => {
      const served = documents.get(req.url ?? '') ?? { status: 404, headers: {}, body: 'not found' };
      const etag = served.headers.etag;
      if (etag !== undefined && req.headers['if-none-match'] === etag) {
        res.writeHead(304, served.headers).end();
        return;
      }
      res.writeHead(served.status, { 'content-type': 'application/rss+xml', ...served.headers }).end(served.body);
    });
    const http = httpClientFor(api.config);
    run = fetchProcessor({ config: api.config, store: api.store, queues: api.queues, http, log: silentLogger });
  });
  afterAll(async () => {
    await server.close();
  });

  async function register(path: string, served: Served, extra: Record<string, unknown> = {}): Promise<string> {
    documents.set(path, served);
    const created = await api.call({ method: 'POST', url: '/v1/feeds', payload: { url: server.url(path), ...extra } });
    expect(created.statusCode).toBe(201);
    return created.json<{ id: string }>().id;
  }

  async function fetchNow(feedId: string): Promise<string> {
    jobs += 1;
    return run({ id: `test-${jobs}`, data: { feedId, manual: true } } as Job<FetchJobData>);
  }

  async function feed(id: string) {
    return (await api.call({ method: 'GET', url: `/v1/feeds/${id}` })).json<Record<string, unknown>>();
  }

  function dueIn(feed: Record<string, unknown>): number {
    return (Date.parse(String(feed.nextFetchAt)) - Date.parse(String(feed.lastFetchedAt))) / 1000;
  }

  it('follows <ttl>60</ttl>: effectivePollSeconds 3600 and scheduleReason ttl, the next fetch an hour out', async () => {
    const id = await register('/ttl.xml', { status: 200, headers: {}, body: channel('<ttl>60</ttl>', dailyItems(5)) });
    const before = await feed(id);
    expect(before).toMatchObject({ schedule: 'adaptive', effectivePollSeconds: 900, scheduleReason: 'adaptive' });
    expect(before.websub).toEqual({ hub: null, status: 'none', leaseExpiresAt: null });
    expect(await fetchNow(id)).toBe('ok');
    const after = await feed(id);
    expect(after).toMatchObject({ effectivePollSeconds: HOUR, scheduleReason: 'ttl' });
    expect(dueIn(after)).toBeGreaterThanOrEqual(HOUR);
    expect(dueIn(after)).toBeLessThanOrEqual(HOUR + 180);
  });

  it('follows sy:updatePeriod / sy:updateFrequency', async () => {
    const id = await register('/sy.xml', {
      status: 200,
      headers: {},
      body: channel('<sy:updatePeriod>daily</sy:updatePeriod><sy:updateFrequency>4</sy:updateFrequency>'),
    });
    await fetchNow(id);
    expect(await feed(id)).toMatchObject({ effectivePollSeconds: 6 * HOUR, scheduleReason: 'ttl' });
  });

  it('says why a daily feed is polled every twelve hours, and keeps that across a 304', async () => {
    const id = await register('/daily.xml', { status: 200, headers: { etag: '"d1"' }, body: channel('', dailyItems(8)) });
    await fetchNow(id);
    const first = await feed(id);
    expect(first).toMatchObject({ effectivePollSeconds: 12 * HOUR, scheduleReason: 'adaptive' });
    expect(dueIn(first)).toBeGreaterThanOrEqual(12 * HOUR - 300);
    expect(dueIn(first)).toBeLessThanOrEqual(12 * HOUR);
    expect(await fetchNow(id)).toBe('not_modified');
    expect(await feed(id)).toMatchObject({ lastStatus: 304, effectivePollSeconds: 12 * HOUR, scheduleReason: 'adaptive' });
  });

  it('honours Cache-Control max-age and Expires longer than the estimate', async () => {
    const maxAge = await register('/max-age.xml', { status: 200, headers: { 'cache-control': 'max-age=7200' }, body: channel('') });
    await fetchNow(maxAge);
    expect(await feed(maxAge)).toMatchObject({ effectivePollSeconds: 2 * HOUR, scheduleReason: 'ttl' });

    const served = new Date();
    const expires = await register('/expires.xml', {
      status: 200,
      headers: { date: served.toUTCString(), expires: new Date(served.getTime() + 3 * HOUR * 1000).toUTCString() },
      body: channel(''),
    });
    await fetchNow(expires);
    expect(await feed(expires)).toMatchObject({ effectivePollSeconds: 3 * HOUR, scheduleReason: 'ttl' });
  });

  it('waits as Retry-After says on a 503, then backs off on further failures', async () => {
    const id = await register('/busy.xml', { status: 200, headers: {}, body: channel('') });
    documents.set('/busy.xml', { status: 503, headers: { 'retry-after': '5400' }, body: 'busy' });
    expect(await fetchNow(id)).toBe('failed');
    expect(await feed(id)).toMatchObject({ effectivePollSeconds: 5_400, scheduleReason: 'retry-after', lastStatus: 503 });
    documents.set('/busy.xml', { status: 500, headers: {}, body: 'broken' });
    await fetchNow(id);
    expect(await feed(id)).toMatchObject({ effectivePollSeconds: 1_800, scheduleReason: 'backoff', consecutiveFailures: 2 });
  });

  it('polls a fixed feed exactly at pollIntervalSeconds, set on POST or PATCH', async () => {
    const id = await register(
      '/fixed.xml',
      { status: 200, headers: {}, body: channel('<ttl>600</ttl>', dailyItems(5)) },
      { schedule: 'fixed', pollIntervalSeconds: 300 },
    );
    expect(await feed(id)).toMatchObject({ schedule: 'fixed', effectivePollSeconds: 300, scheduleReason: 'fixed' });
    await fetchNow(id);
    const fixed = await feed(id);
    expect(fixed).toMatchObject({ effectivePollSeconds: 300, scheduleReason: 'fixed' });
    expect(dueIn(fixed)).toBe(300);

    const patched = await api.call({ method: 'PATCH', url: `/v1/feeds/${id}`, payload: { schedule: 'adaptive' } });
    expect(patched.json()).toMatchObject({ schedule: 'adaptive' });
    await fetchNow(id);
    expect(await feed(id)).toMatchObject({ effectivePollSeconds: 10 * HOUR, scheduleReason: 'ttl' });
    const back = await api.call({ method: 'PATCH', url: `/v1/feeds/${id}`, payload: { schedule: 'fixed', pollIntervalSeconds: 120 } });
    expect(back.json()).toMatchObject({ schedule: 'fixed', pollIntervalSeconds: 120, effectivePollSeconds: 120, scheduleReason: 'fixed' });
  });

  it('refuses an unknown schedule', async () => {
    const bad = await api.call({ method: 'POST', url: '/v1/feeds', payload: { url: server.url('/ttl.xml'), schedule: 'sometimes' } });
    expect(bad.statusCode).toBe(400);
  });

  it('lists the fetch history newest first, page by page, with the HTTP status and counts', async () => {
    const id = await register('/history.xml', { status: 200, headers: { etag: '"h1"' }, body: channel('', dailyItems(3)) });
    await fetchNow(id);
    await fetchNow(id);
    documents.set('/history.xml', { status: 500, headers: {}, body: 'broken' });
    await fetchNow(id);

    const first = await api.call({ method: 'GET', url: `/v1/feeds/${id}/fetches?limit=2` });
    expect(first.statusCode).toBe(200);
    const page = first.json<{ items: Record<string, unknown>[]; nextCursor: string | null }>();
    expect(page.items).toHaveLength(2);
    expect(page.items[0]).toMatchObject({ httpStatus: 500, notModified: false, newArticles: 0, url: server.url('/history.xml') });
    expect(String(page.items[0]?.error)).toContain('500');
    expect(page.items[1]).toMatchObject({ httpStatus: 304, notModified: true, newArticles: 0, error: null });
    expect(page.nextCursor).not.toBeNull();

    const rest = await api.call({ method: 'GET', url: `/v1/feeds/${id}/fetches?limit=2&cursor=${page.nextCursor}` });
    const last = rest.json<{ items: Record<string, unknown>[]; nextCursor: string | null }>();
    expect(last.nextCursor).toBeNull();
    expect(last.items).toEqual([
      {
        id: expect.any(String),
        startedAt: expect.any(String),
        durationMs: expect.any(Number),
        url: server.url('/history.xml'),
        httpStatus: 200,
        notModified: false,
        bytes: Buffer.byteLength(channel('', dailyItems(3))),
        items: 3,
        newArticles: 3,
        updatedArticles: 0,
        skipped: 0,
        error: null,
        warning: null,
      },
    ]);
  });

  it('answers 404 for the history of an unknown feed and 400 for a bad cursor', async () => {
    expect((await api.call({ method: 'GET', url: '/v1/feeds/nope/fetches' })).json()).toMatchObject({ statusCode: 404, code: 'FEED_NOT_FOUND' });
    const id = await register('/cursor.xml', { status: 200, headers: {}, body: channel('') });
    const bad = await api.call({ method: 'GET', url: `/v1/feeds/${id}/fetches?cursor=garbage` });
    expect(bad.json()).toMatchObject({ statusCode: 400, code: 'INVALID_CURSOR' });
  });

  it('drops fetch history older than FETCH_LOG_DAYS', async () => {
    const id = await register('/old.xml', { status: 200, headers: {}, body: channel('') });
    await fetchNow(id);
    const days = api.config.fetchLogDays;
    expect(await applyRetention(api, new Date(Date.now() + (days - 1) * 86_400_000))).toBe(0);
    const history = async () => (await api.call({ method: 'GET', url: `/v1/feeds/${id}/fetches` })).json<{ items: unknown[] }>().items;
    expect(await history()).toHaveLength(1);
    expect(await applyRetention(api, new Date(Date.now() + (days + 1) * 86_400_000))).toBeGreaterThanOrEqual(1);
    expect(await history()).toHaveLength(0);
  });
});

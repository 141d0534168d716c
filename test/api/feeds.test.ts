/**
 * /v1/feeds against a local feed server (ALLOW_HOSTS=127.0.0.1), on SQLite
 * and PostgreSQL: registration with discovery, duplicates, the SSRF guard,
 * the schedule bounds, listing, changing, fetching now and deleting.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Feed } from '../../src/store/types.js';
import { startFeedServer, rss, type FeedServer } from '../helpers/http-servers.js';
import { TEST_DIALECTS } from '../helpers/databases.js';
import { unique } from '../store/fixtures.js';
import { useTestApi } from './harness.js';

const HOME_PAGE = (feedPath: string) =>
  `<!doctype html><html><head><title>Home</title><link rel="alternate" type="application/rss+xml" href="${feedPath}"></head><body>hi</body></html>`;
const PLAIN_PAGE = '<!doctype html><html><head><title>Nothing</title></head><body><p>no feed here</p></body></html>';

let server: FeedServer;

beforeAll(async () => {
  server = await startFeedServer();
});
afterAll(async () => {
  await server.close();
});

/** Serves a fresh feed and returns its URL. */
function serveFeed(title = 'Test Feed'): string {
  const path = `/${unique('feed')}.xml`;
  server.set(path, rss([{ guid: unique('g'), title: 'First', body: '<p>Hello there</p>', date: '2024-05-01T10:00:00Z' }], title));
  return `${server.base}${path}`;
}

describe.each(TEST_DIALECTS)('feeds on %s', (dialect) => {
  const api = useTestApi({ dialect, env: { ALLOW_HOSTS: '127.0.0.1' } });

  const register = (payload: Record<string, unknown>) => api.call({ method: 'POST', url: '/v1/feeds', payload });

  it('registers a feed, answers 201 with it and queues the first fetch', async () => {
    const url = serveFeed('Registered Feed');
    const response = await register({ url, tags: ['news'], include: ['hello'], fullText: 'never', pollIntervalSeconds: 900 });
    expect(response.statusCode).toBe(201);
    const feed = response.json<Feed>();
    expect(feed).toMatchObject({
      url,
      title: 'Registered Feed',
      status: 'active',
      tags: ['news'],
      include: ['hello'],
      exclude: [],
      fullText: 'never',
      pollIntervalSeconds: 900,
      articleCount: 0,
    });
    expect(Date.parse(feed.nextFetchAt ?? '')).toBeLessThanOrEqual(Date.now());
    const job = await api.queues.fetch.getJob(`fetch-${feed.id}`);
    expect(job?.data).toEqual({ feedId: feed.id });
  });

  it('finds the feed behind a home page', async () => {
    const feedUrl = serveFeed();
    const page = `/${unique('home')}/`;
    server.set(page, HOME_PAGE(new URL(feedUrl).pathname), 'text/html; charset=utf-8');
    const response = await register({ url: `${server.base}${page}` });
    expect(response.statusCode).toBe(201);
    expect(response.json<Feed>().url).toBe(feedUrl);
  });

  it('answers 409 FEED_EXISTS with the feed id for the same URL, however spelled', async () => {
    const url = serveFeed();
    const first = (await register({ url })).json<Feed>();
    const again = await register({ url: `${url.replace('http://', 'HTTP://')}#fragment` });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ statusCode: 409, code: 'FEED_EXISTS', error: 'Conflict', feedId: first.id });
  });

  it('answers 409 when a home page leads to a feed already registered', async () => {
    const feedUrl = serveFeed();
    const first = (await register({ url: feedUrl })).json<Feed>();
    const page = `/${unique('home')}/`;
    server.set(page, HOME_PAGE(new URL(feedUrl).pathname), 'text/html');
    const again = await register({ url: `${server.base}${page}` });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'FEED_EXISTS', feedId: first.id });
  });

  it('accepts a URL that cannot be fetched right now', async () => {
    const response = await register({ url: `${server.base}/${unique('missing')}.xml` });
    expect(response.statusCode).toBe(201);
    expect(response.json<Feed>().status).toBe('active');
  });

  it('refuses a page that links to no feed with NOT_A_FEED', async () => {
    const page = `/${unique('plain')}.html`;
    server.set(page, PLAIN_PAGE, 'text/html');
    const response = await register({ url: `${server.base}${page}` });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'NOT_A_FEED' });
  });

  it('refuses bad URLs and private addresses', async () => {
    const cases: [string, string][] = [
      ['not a url', 'INVALID_URL'],
      ['ftp://example.com/feed.xml', 'INVALID_URL'],
      ['http://user:pass@example.com/feed', 'INVALID_URL'],
      ['http://10.1.2.3/feed.xml', 'BLOCKED_ADDRESS'],
      ['http://[::1]/feed.xml', 'BLOCKED_ADDRESS'],
      ['http://169.254.169.254/latest/meta-data/', 'BLOCKED_ADDRESS'],
    ];
    for (const [url, code] of cases) {
      const response = await register({ url });
      expect({ url, status: response.statusCode, code: response.json<{ code: string }>().code }).toEqual({ url, status: 400, code });
    }
  });

  it('keeps pollIntervalSeconds within the configured bounds', async () => {
    for (const pollIntervalSeconds of [59, 86_401]) {
      const response = await register({ url: serveFeed(), pollIntervalSeconds });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ code: 'INVALID_POLL_INTERVAL' });
      expect(response.json<{ message: string }>().message).toContain('60');
    }
  });

  it('lists feeds page by page and filters by tag and status', async () => {
    const tag = unique('tag');
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) ids.push((await register({ url: serveFeed(), tags: [tag] })).json<Feed>().id);

    const first = await api.call({ method: 'GET', url: `/v1/feeds?tag=${tag}&limit=2` });
    const page1 = first.json<{ items: Feed[]; nextCursor: string | null }>();
    expect(page1.items).toHaveLength(2);
    expect(page1.nextCursor).not.toBeNull();
    const second = await api.call({ method: 'GET', url: `/v1/feeds?tag=${tag}&limit=2&cursor=${encodeURIComponent(page1.nextCursor ?? '')}` });
    const page2 = second.json<{ items: Feed[]; nextCursor: string | null }>();
    expect([...page1.items, ...page2.items].map((f) => f.id).sort()).toEqual([...ids].sort());
    expect(page2.nextCursor).toBeNull();

    const paused = await api.call({ method: 'GET', url: `/v1/feeds?tag=${tag}&status=paused` });
    expect(paused.json()).toEqual({ items: [], nextCursor: null });
  });

  it('gets one feed, and 404s an unknown one', async () => {
    const created = (await register({ url: serveFeed() })).json<Feed>();
    const response = await api.call({ method: 'GET', url: `/v1/feeds/${created.id}` });
    expect(response.json<Feed>().id).toBe(created.id);
    const missing = await api.call({ method: 'GET', url: '/v1/feeds/00000000-0000-7000-8000-000000000000' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'FEED_NOT_FOUND' });
  });

  it('pauses and resumes a feed; resuming makes it due now', async () => {
    const created = (await register({ url: serveFeed() })).json<Feed>();
    const paused = await api.call({ method: 'PATCH', url: `/v1/feeds/${created.id}`, payload: { status: 'paused', title: 'Mine', tags: ['a', 'b'] } });
    expect(paused.statusCode).toBe(200);
    expect(paused.json()).toMatchObject({ status: 'paused', title: 'Mine', tags: ['a', 'b'] });

    const before = Date.now();
    const resumed = await api.call({ method: 'PATCH', url: `/v1/feeds/${created.id}`, payload: { status: 'active' } });
    const feed = resumed.json<Feed>();
    expect(feed.status).toBe('active');
    expect(Math.abs(Date.parse(feed.nextFetchAt ?? '') - before)).toBeLessThan(60_000);
  });

  it('refuses a bad PATCH (unknown field, interval out of bounds, unknown feed) and takes an empty one', async () => {
    const created = (await register({ url: serveFeed() })).json<Feed>();
    const unknownField = await api.call({ method: 'PATCH', url: `/v1/feeds/${created.id}`, payload: { url: 'https://example.com/' } });
    expect(unknownField.json()).toMatchObject({ statusCode: 400, code: 'VALIDATION_ERROR' });
    const interval = await api.call({ method: 'PATCH', url: `/v1/feeds/${created.id}`, payload: { pollIntervalSeconds: 5 } });
    expect(interval.json()).toMatchObject({ statusCode: 400, code: 'INVALID_POLL_INTERVAL' });
    const empty = await api.call({ method: 'PATCH', url: `/v1/feeds/${created.id}`, payload: {} });
    expect(empty.json()).toMatchObject({ id: created.id, status: 'active' });
    const missing = await api.call({ method: 'PATCH', url: '/v1/feeds/nope', payload: { title: 'x' } });
    expect(missing.json()).toMatchObject({ statusCode: 404, code: 'FEED_NOT_FOUND' });
  });

  it('fetches now: 202 with the job id, queued as a manual fetch', async () => {
    const created = (await register({ url: serveFeed() })).json<Feed>();
    const response = await api.call({ method: 'POST', url: `/v1/feeds/${created.id}/fetch` });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ jobId: `fetch-${created.id}` });
    const job = await api.queues.fetch.getJob(`fetch-${created.id}`);
    expect(job?.data).toEqual({ feedId: created.id, manual: true });
    const missing = await api.call({ method: 'POST', url: '/v1/feeds/nope/fetch' });
    expect(missing.statusCode).toBe(404);
  });

  it('deletes a feed (204), after which it is gone', async () => {
    const created = (await register({ url: serveFeed() })).json<Feed>();
    const deleted = await api.call({ method: 'DELETE', url: `/v1/feeds/${created.id}?purge=true` });
    expect(deleted.statusCode).toBe(204);
    expect(deleted.body).toBe('');
    expect((await api.call({ method: 'GET', url: `/v1/feeds/${created.id}` })).statusCode).toBe(404);
    expect((await api.call({ method: 'DELETE', url: `/v1/feeds/${created.id}` })).statusCode).toBe(404);
    expect(await api.queues.fetch.getJob(`fetch-${created.id}`)).toBeUndefined();
  });
});

describe('the SSRF guard without ALLOW_HOSTS', () => {
  const api = useTestApi({ env: { ALLOW_HOSTS: '' } });

  it('refuses a loopback feed server', async () => {
    const response = await api.call({ method: 'POST', url: '/v1/feeds', payload: { url: serveFeed() } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'BLOCKED_ADDRESS' });
    expect(await api.store.feeds.all()).toEqual([]);
  });
});

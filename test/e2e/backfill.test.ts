/**
 * Backfill of an ordinary feed through RFC 5005 archive links, on real parts:
 * the archive pages followed oldest-ward, a 503 with Retry-After waited out,
 * and a backfill cut short by a restart continuing from its saved step.
 */
import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../src/core/model.js';
import { openStore } from '../../src/store/index.js';
import type { Feed } from '../../src/store/types.js';
import { feedLinks } from '../../src/pipeline/backfill.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { listen, waitFor, type Listening } from '../helpers/http-servers.js';
import { apiClient, flushPrefix, startTestService, testConfig } from '../helpers/service.js';

const WAIT_MS = 30_000;

function entry(n: number): string {
  return `<item><guid>archive-${n}</guid><title>Entry ${n}</title><link>https://news.example/${n}</link>` +
    `<pubDate>${new Date(Date.UTC(2026, 0, n)).toUTCString()}</pubDate>` +
    `<description>&lt;p&gt;Entry ${n} tells of the harbour and the ships that came in on day ${n}, at some length.&lt;/p&gt;</description></item>`;
}

/** The current feed holds 7–9; archive 2 holds 4–6, archive 1 holds 1–3. */
function page(base: string, numbers: number[], previous: string | null): string {
  const prev = previous ? `<atom:link rel="prev-archive" href="${base}${previous}"/>` : '';
  return `<?xml version="1.0"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>Archived</title>` +
    `<link>https://news.example/</link>${prev}${numbers.map(entry).join('')}</channel></rss>`;
}

describe('backfill through RFC 5005 archives', () => {
  let server: Listening & { hits: Map<string, number>; busyOnce: Set<string> };
  let db: TestDatabase;

  beforeAll(async () => {
    const hits = new Map<string, number>();
    const busyOnce = new Set<string>();
    const http = createServer((req, res) => {
      const path = req.url ?? '/';
      hits.set(path, (hits.get(path) ?? 0) + 1);
      if (busyOnce.delete(path)) {
        res.writeHead(503, { 'retry-after': '1' }).end('busy');
        return;
      }
      const base = `http://127.0.0.1:${(http.address() as { port: number }).port}`;
      const docs: Record<string, string> = {
        '/feed.xml': page(base, [9, 8, 7], '/archive/2.xml'),
        '/archive/2.xml': page(base, [6, 5, 4], '/archive/1.xml'),
        '/archive/1.xml': page(base, [3, 2, 1], null),
      };
      const doc = docs[path];
      if (!doc) res.writeHead(404).end();
      else res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(doc);
    });
    server = Object.assign(await listen(http), { hits, busyOnce });
    db = await createTestDatabase('postgres');
  });
  afterAll(async () => {
    await server.close();
    await db.cleanup();
  });

  it('reads the archive links of a feed head', () => {
    const links = feedLinks(page('http://x.example', [1], '/archive/0.xml').replace('</channel>', '<atom:link rel="next" href="/nope"/></channel>'), 'http://x.example/feed');
    expect(links.get('prev-archive')).toBe('http://x.example/archive/0.xml');
    expect(links.has('next')).toBe(false);
  });

  it('follows prev-archive links, waits out a Retry-After, and continues after a restart from the saved step', async () => {
    const config = testConfig(db.url, { RATE_LIMIT_MAX: '100000' });
    let service = await startTestService(config);
    let api = apiClient(service.url!);
    server.busyOnce.add('/archive/2.xml');
    const created = await api.post<Feed>('/v1/feeds', { url: `${server.base}/feed.xml`, backfill: 100 });
    expect(created.status).toBe(201);
    const feedId = created.body.id;
    await waitFor(async () => (await api.get<Feed>(`/v1/feeds/${feedId}`)).body.backfill?.status === 'done', WAIT_MS, 'backfill done');
    expect((await api.get<Feed>(`/v1/feeds/${feedId}`)).body.backfill).toMatchObject({ fetched: 6, limit: 100, error: null });
    // Once refused with 503, once served.
    expect(server.hits.get('/archive/2.xml')).toBe(2);
    const titles = await waitFor(async () => {
      const items = (await api.get<{ items: Article[] }>(`/v1/articles?feedId=${feedId}&limit=50`)).body.items;
      return items.length === 9 ? items.map((a) => a.title) : undefined;
    }, WAIT_MS, 'nine articles');
    expect(new Set(titles).size).toBe(9);
    await service.close();

    // A backfill interrupted after its first archive page: the saved step is where it goes on.
    const store = await openStore(db.url);
    const source = await store.sources.get(feedId);
    expect(source?.backfill?.strategy).toBe('archive');
    await store.sources.saveBackfill(feedId, {
      ...source!.backfill!,
      status: 'running',
      fetched: 3,
      limit: 100,
      nextPage: 2,
      nextUrl: `${server.base}/archive/1.xml`,
      retries: 0,
      notBefore: null,
    });
    // As if the process had died right after that step: the reconciler finds it quiet and queues the saved step.
    await store.close();
    server.hits.clear();
    service = await startTestService({ ...config });
    api = apiClient(service.url!);
    try {
      await waitFor(async () => (await api.get<Feed>(`/v1/feeds/${feedId}`)).body.backfill?.status === 'done', WAIT_MS, 'resumed backfill done');
      expect(server.hits.get('/archive/1.xml')).toBeGreaterThanOrEqual(1);
      expect(server.hits.has('/archive/2.xml')).toBe(false);
      expect((await api.get<Feed>(`/v1/feeds/${feedId}`)).body.backfill).toMatchObject({ fetched: 6 });
    } finally {
      await service.close();
      await flushPrefix(config.queuePrefix);
    }
  });
});

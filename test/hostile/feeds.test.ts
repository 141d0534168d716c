/**
 * Issue 4, feeds and servers, through the whole service: every hostile case
 * is a real HTTP server on 127.0.0.1, a feed registered over the API and
 * fetched by the real workers. Each ends in correct articles or in a failure
 * recorded on the feed (lastError, consecutiveFailures, status), within the
 * configured time and size caps, with the worker healthy for the next job.
 */
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import type { Transform } from 'node:stream';
import { constants as zlibConstants, createBrotliCompress, createGzip } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../src/core/model.js';
import { jobIds } from '../../src/queue/queues.js';
import type { RunningService } from '../../src/service.js';
import type { Feed } from '../../src/store/types.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../helpers/databases.js';
import { waitFor } from '../helpers/http-servers.js';
import { apiClient, flushPrefix, startTestService, testConfig } from '../helpers/service.js';
import { encodeSingleByte, itemXml, rssDoc, serve, startHostileServer, type HostileServer } from './hostile-server.js';

const MAX_BYTES = 4 * 1024 * 1024;
const TIMEOUT_MS = 1500;
const RSS = { 'content-type': 'application/rss+xml' };

describe.each(TEST_DIALECTS)('hostile feeds on %s', (dialect) => {
  let db: TestDatabase;
  let server: HostileServer;
  let service: RunningService;
  let api: ReturnType<typeof apiClient>;
  let silent: NetServer;
  const silentSockets = new Set<Socket>();
  let counter = 0;

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    server = await startHostileServer();
    // Accepts connections and never says a word.
    silent = createNetServer((socket) => {
      silentSockets.add(socket);
      socket.on('close', () => silentSockets.delete(socket));
      socket.on('error', () => undefined);
      // Reads (and ignores) the request, so the socket notices when the client hangs up.
      socket.resume();
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    service = await startTestService(
      testConfig(db.url, {
        FETCH_TIMEOUT_MS: String(TIMEOUT_MS),
        FETCH_MAX_BYTES: String(MAX_BYTES),
        FAILING_AFTER: '2',
        MIN_POLL_SECONDS: '1',
        MAX_ITEMS_PER_FEED: '100',
        FETCH_PER_HOST_CONCURRENCY: '16',
        RATE_LIMIT_MAX: '1000000',
      }),
    );
    api = apiClient(service.url!);
  });

  afterAll(async () => {
    await service.close();
    await flushPrefix(service.config.queuePrefix);
    for (const socket of silentSockets) socket.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
    await server.close();
    await db.cleanup();
  });

  function path(name: string): string {
    counter += 1;
    return `/${name}-${counter}`;
  }

  async function register(url: string, extra: Record<string, unknown> = {}): Promise<Feed> {
    const res = await api.post<Feed>('/v1/feeds', { url, fullText: 'never', ...extra });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  }

  async function feedOf(id: string): Promise<Feed> {
    const res = await api.get<Feed>(`/v1/feeds/${id}`);
    expect(res.status).toBe(200);
    return res.body;
  }

  async function articlesOf(feedId: string): Promise<Article[]> {
    const res = await api.get<{ items: Article[] }>(`/v1/articles?feedId=${feedId}&limit=200`);
    expect(res.status).toBe(200);
    return res.body.items;
  }

  async function waitForArticles(feedId: string, count: number): Promise<Article[]> {
    return waitFor(async () => {
      const items = await articlesOf(feedId);
      return items.length >= count ? items : undefined;
    }, 30_000, `${count} articles of ${feedId}`);
  }

  async function waitForFailures(feedId: string, failures: number): Promise<Feed> {
    return waitFor(async () => {
      const feed = await feedOf(feedId);
      return feed.consecutiveFailures >= failures ? feed : undefined;
    }, 20_000, `${failures} recorded failures of ${feedId}`);
  }

  /** The job of the last fetch is gone from Redis, so "fetch now" queues a new one rather than joining it. */
  async function fetchNow(feedId: string): Promise<void> {
    await waitFor(async () => (await service.queues.fetch.getJob(jobIds.fetch(feedId))) === undefined, 10_000, 'the previous fetch job to finish');
    expect((await api.post(`/v1/feeds/${feedId}/fetch`)).status).toBe(202);
  }

  /** A feed served correctly: proves the workers still do their job after whatever came before. */
  async function healthyFeedStillWorks(): Promise<void> {
    const p = path('healthy');
    // Each text unique: the store links a story it already has (same content hash) instead of storing it twice.
    server.route(p, serve(rssDoc(itemXml(`ok${p}`, `Healthy story ${p}`))));
    const feed = await register(`${server.base}${p}`);
    const [article] = await waitForArticles(feed.id, 1);
    expect(article?.title).toBe(`Healthy story ${p}`);
  }

  /** A compressor fed the same 1 MiB of spaces `mebibytes` times; the compressed bytes. */
  async function compressRepeated(compressor: Transform, mebibytes: number): Promise<Buffer> {
    const block = Buffer.alloc(1024 * 1024, 0x20);
    const chunks: Buffer[] = [];
    compressor.on('data', (chunk: Buffer) => chunks.push(chunk));
    const done = new Promise<void>((resolve, reject) => {
      compressor.on('end', resolve);
      compressor.on('error', reject);
    });
    for (let i = 0; i < mebibytes; i += 1) {
      if (!compressor.write(block)) await new Promise((resolve) => compressor.once('drain', resolve));
    }
    compressor.end();
    await done;
    return Buffer.concat(chunks);
  }

  describe('servers that misbehave', () => {
    it('a server sending a byte every few seconds times out within FETCH_TIMEOUT_MS, and its connection is closed', async () => {
      const p = path('slow');
      server.route(p, (_req, res) => {
        res.writeHead(200, RSS);
        res.write('<');
        const timer = setInterval(() => res.write(' '), 1000);
        res.on('close', () => clearInterval(timer));
      });
      const feed = await register(`${server.base}${p}`);
      const failed = await waitForFailures(feed.id, 1);
      expect(failed.lastError).toMatch(/^TIMEOUT: .*took longer than 1500 ms/);
      expect(failed.status).toBe('active');
      await healthyFeedStillWorks();
      // Nothing leaks: the slow server sees every connection to it closed (the healthy feed's keep-alive may remain).
      server.route(p, serve('gone'));
      await waitFor(() => server.openSockets() <= 1, 10_000, 'the slow connections to close');
    });

    it('a server that accepts the connection and never answers times out, and the socket is released', async () => {
      const { port } = silent.address() as { port: number };
      const feed = await register(`http://127.0.0.1:${port}/feed.xml`);
      const failed = await waitForFailures(feed.id, 1);
      expect(failed.lastError).toMatch(/^TIMEOUT: /);
      await waitFor(() => silentSockets.size === 0, 10_000, 'the silent sockets to close');
      await healthyFeedStillWorks();
    });

    it('a redirect loop and a chain longer than FETCH_MAX_REDIRECTS are recorded failures', async () => {
      const a = path('loop-a');
      const b = path('loop-b');
      server.route(a, (_req, res) => res.writeHead(302, { location: b }).end());
      server.route(b, (_req, res) => res.writeHead(302, { location: a }).end());
      const loop = await register(`${server.base}${a}`);

      const chain = path('chain');
      server.route(chain, (req, res) => {
        const n = Number(new URL(req.url ?? '/', server.base).searchParams.get('n') ?? '0');
        res.writeHead(302, { location: `${chain}?n=${n + 1}` }).end();
      });
      const long = await register(`${server.base}${chain}`);

      expect((await waitForFailures(loop.id, 1)).lastError).toMatch(/^REDIRECT_LOOP: /);
      expect((await waitForFailures(long.id, 1)).lastError).toMatch(/^TOO_MANY_REDIRECTS: .*more than 5 times/);
      // One registration fetch and one worker fetch, each stopped after 5 follows: the chain is not walked forever.
      expect(server.hits(chain)).toBeLessThanOrEqual(2 * 6);
    });

    it('a 50 MB body is cut off at FETCH_MAX_BYTES, without the server having to send it all', async () => {
      const p = path('huge');
      let sent = 0;
      server.route(p, (_req, res) => {
        res.writeHead(200, RSS);
        const chunk = Buffer.alloc(64 * 1024, 'a');
        const pump = (): void => {
          while (sent < 50 * 1024 * 1024) {
            sent += chunk.length;
            if (!res.write(chunk)) {
              res.once('drain', pump);
              return;
            }
          }
          res.end();
        };
        res.on('close', () => res.removeAllListeners('drain'));
        pump();
      });
      // Declared too: a Content-Length over the cap is refused before reading.
      const declared = path('declared');
      server.route(declared, (_req, res) => {
        res.writeHead(200, { ...RSS, 'content-length': String(50 * 1024 * 1024) });
        res.write('<rss>');
      });
      const streamed = await register(`${server.base}${p}`);
      const big = await register(`${server.base}${declared}`);
      expect((await waitForFailures(streamed.id, 1)).lastError).toMatch(/^TOO_LARGE: .*larger than 4194304 bytes/);
      expect((await waitForFailures(big.id, 1)).lastError).toMatch(/^TOO_LARGE: /);
      expect(sent).toBeLessThan(50 * 1024 * 1024);
    });

    it('gzip and brotli bombs stop at FETCH_MAX_BYTES of decoded bytes', async () => {
      // Compressed from one 1 MiB block written 64 times: the 64 MiB never exist in this process, so any growth is the service's.
      const gz = await compressRepeated(createGzip({ level: 9 }), 64);
      const br = await compressRepeated(createBrotliCompress({ params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5 } }), 64);
      expect(gz.length).toBeLessThan(MAX_BYTES);
      expect(br.length).toBeLessThan(MAX_BYTES);
      const g = path('gzip-bomb');
      const b = path('brotli-bomb');
      server.route(g, serve(gz, { ...RSS, 'content-encoding': 'gzip' }));
      server.route(b, serve(br, { ...RSS, 'content-encoding': 'br' }));
      // Buffers live outside the JS heap (heapUsed never sees them): watch arrayBuffers and RSS, at their peak.
      const before = process.memoryUsage();
      const peak = { arrayBuffers: before.arrayBuffers, rss: before.rss };
      const sampler = setInterval(() => {
        const now = process.memoryUsage();
        peak.arrayBuffers = Math.max(peak.arrayBuffers, now.arrayBuffers);
        peak.rss = Math.max(peak.rss, now.rss);
      }, 5);
      try {
        const gzipFeed = await register(`${server.base}${g}`);
        const brotliFeed = await register(`${server.base}${b}`);
        expect((await waitForFailures(gzipFeed.id, 1)).lastError).toMatch(/^TOO_LARGE: /);
        expect((await waitForFailures(brotliFeed.id, 1)).lastError).toMatch(/^TOO_LARGE: /);
      } finally {
        clearInterval(sampler);
      }
      // Both bombs were inflated (registration and the fetch each read them): a full 64 MiB would show; the cap (4 MiB) with copies must not.
      expect(peak.arrayBuffers - before.arrayBuffers).toBeLessThan(32 * 1024 * 1024);
      expect(peak.rss - before.rss).toBeLessThan(64 * 1024 * 1024);
      await healthyFeedStillWorks();
    });

    it('429 and 503 with Retry-After are honoured: the next fetch waits at least that long', async () => {
      const limited = path('429');
      const unavailable = path('503');
      server.route(limited, (_req, res) => res.writeHead(429, { 'retry-after': '120' }).end());
      const at = new Date(Date.now() + 300_000).toUTCString();
      server.route(unavailable, (_req, res) => res.writeHead(503, { 'retry-after': at }).end());
      const a = await register(`${server.base}${limited}`, { pollIntervalSeconds: 1 });
      const b = await register(`${server.base}${unavailable}`, { pollIntervalSeconds: 1 });
      const first = await waitForFailures(a.id, 1);
      const second = await waitForFailures(b.id, 1);
      expect(first.lastError).toMatch(/^RATE_LIMITED: .*answered 429, retry after 120 s/);
      expect(first.lastStatus).toBe(429);
      expect(Date.parse(first.nextFetchAt!) - Date.parse(first.lastFetchedAt!)).toBeGreaterThanOrEqual(120_000);
      expect(second.lastError).toMatch(/^RATE_LIMITED: .*answered 503/);
      expect(Date.parse(second.nextFetchAt!) - Date.parse(second.lastFetchedAt!)).toBeGreaterThanOrEqual(290_000);
      // Well past the 1 s interval the user asked for (three intervals, a dozen reconciler ticks), nothing polls the servers again.
      const hits = [server.hits(limited), server.hits(unavailable)];
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      expect([server.hits(limited), server.hits(unavailable)]).toEqual(hits);
    });

    it('410 marks the feed gone and stops polling it', async () => {
      const p = path('gone');
      server.route(p, serve(rssDoc(itemXml('g1', 'Before it went'))));
      const feed = await register(`${server.base}${p}`, { pollIntervalSeconds: 1 });
      await waitForArticles(feed.id, 1);
      server.route(p, (_req, res) => res.writeHead(410).end());
      await fetchNow(feed.id);
      const gone = await waitFor(async () => {
        const f = await feedOf(feed.id);
        return f.status === 'gone' ? f : undefined;
      }, 20_000, 'status gone');
      expect(gone).toMatchObject({ lastStatus: 410, nextFetchAt: null });
      expect(gone.lastError).toMatch(/^GONE: /);
      const hits = server.hits(p);
      // Several reconciler ticks and a poll interval later, still no request.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      expect(server.hits(p)).toBe(hits);
      expect((await feedOf(feed.id)).status).toBe('gone');
    });

    it('301 and 308 update the stored URL; 302 does not', async () => {
      const results: Record<number, string> = {};
      for (const status of [301, 308, 302]) {
        const old = path(`moving-${status}`);
        const moved = path(`moved-${status}`);
        server.route(old, serve(rssDoc(itemXml(`m${status}`, `Moving ${status}`))));
        server.route(moved, serve(rssDoc(itemXml(`m${status}`, `Moving ${status}`) + itemXml(`n${status}`, `Moved ${status}`))));
        const feed = await register(`${server.base}${old}`);
        await waitForArticles(feed.id, 1);
        server.route(old, (_req, res) => res.writeHead(status, { location: moved }).end());
        await fetchNow(feed.id);
        await waitForArticles(feed.id, 2);
        results[status] = (await feedOf(feed.id)).url;
        expect(results[status]).toBe(`${server.base}${status === 302 ? old : moved}`);
      }
    });

    it('repeated failures make the feed failing; one success makes it active again', async () => {
      const p = path('flaky');
      server.route(p, (_req, res) => res.writeHead(500, { 'content-type': 'text/plain' }).end('boom'));
      const feed = await register(`${server.base}${p}`);
      const once = await waitForFailures(feed.id, 1);
      expect(once).toMatchObject({ status: 'active', consecutiveFailures: 1, lastStatus: 500 });
      expect(once.lastError).toBe(`HTTP_ERROR: ${server.base}${p} answered HTTP 500`);
      await fetchNow(feed.id);
      const twice = await waitForFailures(feed.id, 2);
      expect(twice.status).toBe('failing');

      server.route(p, serve(rssDoc(itemXml('f1', 'Flaky recovered'))));
      await fetchNow(feed.id);
      await waitForArticles(feed.id, 1);
      const recovered = await feedOf(feed.id);
      expect(recovered).toMatchObject({ status: 'active', consecutiveFailures: 0, lastError: null, lastStatus: 200 });
    });
  });

  describe('documents that misbehave', () => {
    it('wrong or missing Content-Type does not matter: the bytes say it is a feed', async () => {
      const types: (Record<string, string> | undefined)[] = [
        { 'content-type': 'text/html; charset=utf-8' },
        { 'content-type': 'application/octet-stream' },
        { 'content-type': 'text/plain' },
        {},
      ];
      for (const [i, headers] of types.entries()) {
        const p = path('ctype');
        server.route(p, serve(rssDoc(itemXml(`ct${i}`, `Typed ${i}`)), headers));
        const feed = await register(`${server.base}${p}`);
        const [article] = await waitForArticles(feed.id, 1);
        expect(article?.title).toBe(`Typed ${i}`);
      }
    });

    it('an HTML page where a feed was is a recorded NOT_A_FEED failure (and refused at registration)', async () => {
      const page = '<!doctype html><html><head><title>Blog</title></head><body><p>No feed here</p></body></html>';
      const refused = path('page');
      server.route(refused, serve(page, { 'content-type': 'text/html' }));
      const res = await api.post<{ code: string }>('/v1/feeds', { url: `${server.base}${refused}` });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('NOT_A_FEED');

      const p = path('became-page');
      server.route(p, serve(rssDoc(itemXml('h1', 'Was a feed'))));
      const feed = await register(`${server.base}${p}`);
      await waitForArticles(feed.id, 1);
      server.route(p, serve(page, { 'content-type': 'application/rss+xml' }));
      await fetchNow(feed.id);
      const failed = await waitForFailures(feed.id, 1);
      expect(failed.lastError).toMatch(/^NOT_A_FEED: .*is a web page, not a feed/);
      expect(failed.lastStatus).toBe(200);
    });

    it('malformed XML (stray &, missing end tags, control characters) still gives the articles', async () => {
      const p = path('malformed');
      const doc = `<?xml version="1.0" encoding="UTF-8"?>
  <rss version="2.0"><channel><title>Tom & Jerry's feed</title><link>https://hostile.example/</link>
  <item><title>Fish & chips\u0001 at the port</title><link>https://hostile.example/a?x=1&y=2</link><guid>mal-1</guid>
  <description>Fish & chips are sold at the port\u000b every day &amp; night, the story goes on for a while.</description></item>
  <item><title>Unclosed description</title><link>https://hostile.example/b</link><guid>mal-2</guid>
  <description>This description is never closed but the reader should still show it to people.
  </item>
  <item><title>Last one<link>https://hostile.example/c</link><guid>mal-3</guid><description>And the feed ends without closing anything
  `;
      server.route(p, serve(doc));
      const feed = await register(`${server.base}${p}`);
      const articles = await waitForArticles(feed.id, 3);
      const byGuid = new Map(articles.map((a) => [a.guid, a]));
      expect(byGuid.get('mal-1')?.title).toBe('Fish & chips at the port');
      expect(byGuid.get('mal-1')?.contentText).toContain('Fish & chips are sold at the port');
      expect(byGuid.get('mal-1')?.url).toBe('https://hostile.example/a?x=1&y=2');
      expect(byGuid.get('mal-2')?.contentText).toContain('never closed');
      expect(byGuid.get('mal-3')).toMatchObject({ title: 'Last one', url: 'https://hostile.example/c' });
      expect((await feedOf(feed.id)).title).toBe("Tom & Jerry's feed");
    });

    it('undeclared HTML entities are decoded', async () => {
      const p = path('entities');
      const item = `<item><title>Caf&eacute; &mdash; na&iuml;ve&hellip;&nbsp;&euro;5</title><link>https://hostile.example/e</link><guid>ent-1</guid>
  <description>&lt;p&gt;R&eacute;sum&eacute; of the caf&eacute; with &ldquo;quotes&rdquo; and &copy; signs, long enough to keep.&lt;/p&gt;</description></item>`;
      server.route(p, serve(rssDoc(item)));
      const feed = await register(`${server.base}${p}`);
      const [article] = await waitForArticles(feed.id, 1);
      expect(article?.title).toMatch(/^Café — naïve…[ \u00a0]€5$/);
      expect(article?.contentText).toContain('Résumé of the café with “quotes” and © signs');
    });

    describe('charsets', () => {
      const latin1: Record<string, number> = { é: 0xe9, à: 0xe0, ç: 0xe7, ü: 0xfc };
      const cp1252: Record<string, number> = { ...latin1, '’': 0x92, '€': 0x80, '“': 0x93, '”': 0x94 };
      const cp1251: Record<string, number> = {};
      const decoder = new TextDecoder('windows-1251');
      for (let b = 0xc0; b <= 0xff; b += 1) cp1251[decoder.decode(new Uint8Array([b]))] = b;

      const cases: { name: string; title: string; table: Record<string, number>; declared: string | null; header: string }[] = [
        { name: 'ISO-8859-1 declared', title: 'Déjà vu à la façon', table: latin1, declared: 'ISO-8859-1', header: 'application/rss+xml' },
        { name: 'ISO-8859-1 undeclared', title: 'Déjà vu à la façon', table: latin1, declared: null, header: 'application/rss+xml' },
        { name: 'windows-1252 declared', title: 'It’s “five” €', table: cp1252, declared: 'windows-1252', header: 'text/xml' },
        { name: 'windows-1252 undeclared', title: 'It’s “five” €', table: cp1252, declared: null, header: 'text/xml' },
        { name: 'windows-1251 declared', title: 'Привет мир', table: cp1251, declared: 'windows-1251', header: 'application/rss+xml' },
        { name: 'windows-1251 in the HTTP header only', title: 'Привет мир', table: cp1251, declared: null, header: 'application/rss+xml; charset=windows-1251' },
        // The header lies (utf-8) and the declaration tells the truth.
        { name: 'windows-1251 declared, header says utf-8', title: 'Привет мир', table: cp1251, declared: 'windows-1251', header: 'application/rss+xml; charset=utf-8' },
        // The declaration lies (utf-8): the bytes are not UTF-8, so windows-1252 is the fallback.
        { name: 'latin-1 declared as UTF-8', title: 'Déjà vu', table: latin1, declared: 'UTF-8', header: 'application/rss+xml' },
      ];
      for (const c of cases) {
        it(`reads a feed in ${c.name}`, async () => {
          const p = path('charset');
          const body = `${c.title} is story ${counter}, which needs its own letters to be read right.`;
          const bytes = encodeSingleByte(rssDoc(itemXml(`cs${counter}`, c.title, body), { encoding: c.declared }), c.table);
          server.route(p, serve(bytes, { 'content-type': c.header }));
          const feed = await register(`${server.base}${p}`);
          const [article] = await waitForArticles(feed.id, 1);
          expect(article?.title).toBe(c.title);
          expect(article?.contentText).toContain(body);
        });
      }

      it('reads feeds with a UTF-8, UTF-16LE or UTF-16BE byte order mark', async () => {
        const title = 'Ünïcödé “BOM” 中文';
        const doc = (encoding: string) => rssDoc(itemXml(`bom-${encoding}`, title, `${title} in ${encoding}: a story told with a byte order mark.`), { encoding });
        const utf16be = (text: string) => {
          const le = Buffer.from(text, 'utf16le');
          return Buffer.from(le.swap16());
        };
        const bodies: [string, Uint8Array][] = [
          ['utf-8', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(doc('UTF-8'))])],
          ['utf-16le', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(doc('UTF-16LE'), 'utf16le')])],
          ['utf-16be', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(doc('UTF-16BE'))])],
        ];
        for (const [name, bytes] of bodies) {
          const p = path(`bom-${name}`);
          // The header's charset is wrong for the UTF-16 ones: the BOM wins.
          server.route(p, serve(bytes, { 'content-type': 'application/xml; charset=iso-8859-1' }));
          const feed = await register(`${server.base}${p}`);
          const [article] = await waitForArticles(feed.id, 1);
          expect(article?.title, name).toBe(title);
        }
      });
    });

    it('reads dates in common broken formats, and an unreadable date is null rather than a guess', async () => {
      const dates: [string, string | null][] = [
        ['Tue, 10 Nov 2026 08:00:00 GMT', '2026-11-10T08:00:00.000Z'],
        ['Tue, 10 Nov 26 08:00 EST', '2026-11-10T13:00:00.000Z'],
        ['Tuesday, 10-Nov-26 08:00:00 GMT', '2026-11-10T08:00:00.000Z'],
        ['Tue,10 Nov 2026 08:00:00 +0000', '2026-11-10T08:00:00.000Z'],
        ['Mon, 10 Nov 2026 08:00:00 GMT', '2026-11-10T08:00:00.000Z'],
        ['10 November 2026 08:00 +0100', '2026-11-10T07:00:00.000Z'],
        ['2026-11-10 08:00:00', '2026-11-10T08:00:00.000Z'],
        ['2026-11-10T08:00:00+0100', '2026-11-10T07:00:00.000Z'],
        ['2026-11-10T08:00:00.123456Z', '2026-11-10T08:00:00.123Z'],
        ['Tue Nov 10 08:00:00 2026', '2026-11-10T08:00:00.000Z'],
        ['2026/11/10 08:00:00', '2026-11-10T08:00:00.000Z'],
        ['Tue, 31 Feb 2026 08:00:00 GMT', null],
        ['yesterday', null],
        ['', null],
      ];
      const p = path('dates');
      server.route(p, serve(rssDoc(dates.map(([date], i) => itemXml(`date-${i}`, `Dated ${i}`, undefined, date)).join('\n'))));
      const feed = await register(`${server.base}${p}`);
      const articles = await waitForArticles(feed.id, dates.length);
      const byGuid = new Map(articles.map((a) => [a.guid, a.publishedAt]));
      for (const [i, [raw, expected]] of dates.entries()) expect(byGuid.get(`date-${i}`), raw).toBe(expected);
    });

    it('items without guid, link or title still become distinct articles; duplicate guids keep one', async () => {
      const body = (n: string) => `<description>&lt;p&gt;Item ${n} has a body that is long enough to be an article of its own.&lt;/p&gt;</description>`;
      const items = [
        `<item><title>No guid</title><link>https://hostile.example/no-guid</link>${body('A')}</item>`,
        `<item><title>No link or guid</title>${body('B')}</item>`,
        `<item><guid>no-title</guid>${body('C')}</item>`,
        `<item>${body('D')}</item>`,
        `<item><guid>dup</guid><title>First of the duplicates</title>${body('E')}</item>`,
        `<item><guid>dup</guid><title>Second of the duplicates</title>${body('F')}</item>`,
      ].join('\n');
      const p = path('partial');
      server.route(p, serve(rssDoc(items)));
      const feed = await register(`${server.base}${p}`);
      const articles = await waitForArticles(feed.id, 5);
      // Settled: the duplicate did not turn into a sixth article.
      await waitFor(async () => (await feedOf(feed.id)).articleCount === 5, 10_000, 'five articles counted');
      expect(await articlesOf(feed.id)).toHaveLength(5);
      const byGuid = new Map(articles.map((a) => [a.guid, a]));
      expect(byGuid.get('https://hostile.example/no-guid')?.title).toBe('No guid');
      expect(byGuid.get('no-title')).toMatchObject({ title: null });
      expect(byGuid.get('dup')?.title).toBe('First of the duplicates');
      expect(articles.every((a) => a.guid !== '')).toBe(true);
      const texts = articles.map((a) => a.contentText).join('\n');
      for (const n of ['A', 'B', 'C', 'D', 'E']) expect(texts).toContain(`Item ${n} has a body`);
      expect(texts).not.toContain('Item F');
    });

    it('a 10,000-item feed is read within the caps: MAX_ITEMS_PER_FEED articles, the newest', async () => {
      const items: string[] = [];
      for (let i = 10_000; i >= 1; i -= 1) {
        const date = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toUTCString();
        items.push(`<item><title>Bulk ${i}</title><guid>bulk-${i}</guid><pubDate>${date}</pubDate><description>Bulk item ${i} text.</description></item>`);
      }
      const doc = rssDoc(items.join('\n'));
      expect(doc.length).toBeGreaterThan(1_000_000);
      const p = path('bulk');
      server.route(p, serve(doc));
      const feed = await register(`${server.base}${p}`);
      await waitForArticles(feed.id, 100);
      await waitFor(async () => (await feedOf(feed.id)).articleCount === 100, 20_000, '100 articles counted');
      const titles = new Set((await articlesOf(feed.id)).map((a) => a.title));
      expect(titles.has('Bulk 10000')).toBe(true);
      expect(titles.has('Bulk 9901')).toBe(true);
      expect(titles.has('Bulk 9900')).toBe(false);
      await healthyFeedStillWorks();
    });
  });

  describe('XML attacks', () => {
    it('billion laughs is not expanded and external entities (XXE) are never fetched', async () => {
      const spy = path('xxe-target');
      server.route(spy, serve('SECRET-FROM-XXE', { 'content-type': 'text/plain' }));
      const laughs = ['<!ENTITY lol "lol">'];
      for (let i = 1; i <= 9; i += 1) laughs.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
      const head = `<!DOCTYPE rss [
  ${laughs.join('\n')}
  <!ENTITY xxe SYSTEM "${server.base}${spy}">
  <!ENTITY file SYSTEM "file:///etc/passwd">
  <!ENTITY % remote SYSTEM "${server.base}${spy}">
  %remote;
  ]>
  `;
      const item = `<item><title>Laughs &lol9; and &xxe; and &file;</title><guid>bomb-1</guid><link>https://hostile.example/bomb</link>
  <description>The body mentions &lol9; and &xxe; and &file; but is otherwise a normal article text.</description></item>`;
      const p = path('entity-attack');
      server.route(p, serve(rssDoc(item, { head })));
      const feed = await register(`${server.base}${p}`);
      const [article] = await waitForArticles(feed.id, 1);
      const text = `${article?.title} ${article?.contentText} ${article?.contentHtml}`;
      expect(text).not.toContain('lollollol');
      expect(text).not.toContain('SECRET-FROM-XXE');
      expect(text).not.toContain('root:');
      expect(text).toContain('otherwise a normal article text');
      expect(server.hits(spy)).toBe(0);
    });
  });
});

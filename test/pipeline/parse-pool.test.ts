/**
 * Feed parsing in the normalize pool's threads (the fetch worker's path): a
 * document parsed in a thread gives exactly what parseDocument gives inline
 * (strict equality: no field lost, no undefined turned missing, no class
 * turned plain) for RSS, Atom, JSON Feed, malformed XML, a page carrying a
 * feed, a page without one, odd encodings and feedparser's public test files;
 * what it throws comes back as the same class with the same code, details and
 * cause, and loadFeed still adds the HTTP status; a thread that dies while
 * parsing fails only that fetch, recorded on its feed, while the other fetches
 * are stored and a new thread goes on; a pool closed under a parse is not the
 * feed's failure.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedloomError, ParseError } from '../../src/core/errors.js';
import { silentLogger } from '../../src/core/logger.js';
import { httpClientFor } from '../../src/fetch/from-config.js';
import { loadFeed, parseDocument, type ParsableDocument, type PipelineDeps } from '../../src/pipeline/feeds.js';
import { NormalizePool } from '../../src/pipeline/normalize-pool.js';
import { Queues, type FetchJobData } from '../../src/queue/queues.js';
import { fetchProcessor } from '../../workers/fetch.js';
import { rss, startFeedServer, type FeedServer } from '../helpers/http-servers.js';
import { flushPrefix, testConfig } from '../helpers/service.js';
import { SHARED } from '../helpers/shared-corpora.js';
import { feedInput, unique, useStore } from '../store/fixtures.js';

const FAULTY_THREAD = new URL('./fixtures/faulty-normalize-thread.ts', import.meta.url);
const FEEDPARSER_TESTS = join(SHARED, 'conformance/feedparser-tests');
const encoder = new TextEncoder();

function documentOf(body: string | Uint8Array, contentType: string | null, url = 'https://news.example/feed', headers: Record<string, string> = {}): ParsableDocument {
  return { url, body: typeof body === 'string' ? encoder.encode(body) : body, contentType, headers };
}

const STORIES = Array.from({ length: 10 }, (_v, i) => ({
  guid: `story-${i}`,
  title: `Story ${i} &amp; its harbour`,
  body: `<p>Paragraph of story ${i}, with a <a href="/relative/${i}">relative link</a>.</p><img src="img/${i}.jpg">`,
  date: `2026-11-${String(10 + i).padStart(2, '0')}T08:00:00Z`,
  creator: i % 2 ? 'Jane Doe' : '',
}));

/** A page that carries an Atom feed in its body (read as the feed, not as a page). */
const PAGE_WITH_FEED = `<!doctype html><html><head><title>Feed page</title></head><body><div>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Embedded</title><link href="https://news.example/"/>
<entry><id>tag:news.example,2026:1</id><title>Inside a page</title><link href="/inside"/><updated>2026-11-02T10:00:00Z</updated>
<content type="html">&lt;p&gt;Read inside the page.&lt;/p&gt;</content></entry></feed></div></body></html>`;

const DOCUMENTS: [string, ParsableDocument][] = [
  ['WordPress-style RSS', documentOf(rss(STORIES), 'application/rss+xml; charset=UTF-8')],
  [
    'Atom with xml:base, enclosures, no dates',
    documentOf(
      `<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://atom.example/blog/"><title type="html">A &lt;b&gt;feed&lt;/b&gt;</title>
<entry><id>urn:1</id><title>One</title><link href="one"/><link rel="enclosure" href="one.mp3" type="audio/mpeg" length="123"/>
<author><name>Ann</name></author><category term="News"/><summary>Short</summary></entry>
<entry><id>urn:2</id><title>Two</title><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Two <a href="x">x</a></p></div></content></entry></feed>`,
      'application/atom+xml',
    ),
  ],
  [
    'JSON Feed',
    documentOf(
      JSON.stringify({
        version: 'https://jsonfeed.org/version/1.1',
        title: 'JSON',
        home_page_url: 'https://json.example/',
        feed_url: 'https://json.example/feed.json',
        items: [
          { id: '1', url: '/one', title: 'One', content_html: '<p>One</p>', date_published: '2026-11-02T10:00:00+02:00', authors: [{ name: 'Ann' }], tags: ['a'] },
          { id: '2', content_text: 'Plain & simple', image: 'https://json.example/i.png', attachments: [{ url: 'https://json.example/a.mp3', mime_type: 'audio/mpeg' }] },
        ],
      }),
      'application/feed+json',
    ),
  ],
  [
    'malformed RSS (stray &, unclosed tags, undeclared entity)',
    documentOf(
      `<?xml version="1.0"?><rss version="2.0"><channel><title>Fish & chips</title><item><title>Caf&eacute;</title><guid>m-1</guid>
<description>An <p>unclosed paragraph</description></item><item><title>Cut short</title><guid>m-2</guid><description>The body ends here`,
      'application/rss+xml',
    ),
  ],
  ['a page carrying a feed', documentOf(PAGE_WITH_FEED, 'text/html')],
  ['a page without a feed', documentOf('<!doctype html><html><head><link rel="alternate" type="application/rss+xml" href="/feed/"></head><body>Hi</body></html>', 'text/html; charset=utf-8')],
  [
    'windows-1252 bytes declared in the XML declaration',
    documentOf(
      Uint8Array.from([...encoder.encode('<?xml version="1.0" encoding="windows-1252"?><rss version="2.0"><channel><title>Caf'), 0xe9, ...encoder.encode('</title><item><guid>w</guid><title>Na'), 0xef, ...encoder.encode('ve</title></item></channel></rss>')]),
      null,
    ),
  ],
  ['a Content-Location base', documentOf(rss(STORIES.slice(0, 2)), 'application/rss+xml', 'https://news.example/feed', { 'content-location': 'https://mirror.example/deep/feed.xml' })],
];

/** What a parse gave, or what it threw, as something toStrictEqual can compare (class, code, details and cause included). */
async function outcome(parse: () => Promise<unknown>): Promise<unknown> {
  try {
    return { parsed: await parse() };
  } catch (err) {
    if (!(err instanceof Error)) throw err;
    const cause = err.cause instanceof Error ? { name: err.cause.name, message: err.cause.message } : err.cause;
    const feedloom = err instanceof FeedloomError ? { code: err.code, details: err.details } : {};
    return { thrown: { class: err.constructor.name, name: err.name, message: err.message, cause, ...feedloom } };
  }
}

/** Inline parseDocument's answer as the pool gives it: the text only with a page. */
async function inline(document: ParsableDocument, baseUrl?: string | null): Promise<unknown> {
  return outcome(async () => {
    const { text, feed } = parseDocument(document, { maxItemsPerFeed: 50 }, baseUrl);
    return feed ? { feed } : { text, feed: null };
  });
}

describe('feeds parsed in the normalize pool', () => {
  let pool: NormalizePool;

  beforeAll(() => {
    pool = new NormalizePool(2, silentLogger);
  });
  afterAll(() => pool.close());

  const pooled = (document: ParsableDocument, baseUrl?: string | null) => outcome(() => pool.parse(document, { maxItemsPerFeed: 50 }, baseUrl));

  it.each(DOCUMENTS)('gives exactly the inline result for %s', async (_name, document) => {
    const expected = await inline(document);
    expect(expected).toHaveProperty('parsed');
    expect(await pooled(document)).toStrictEqual(expected);
  });

  it('returns the text with a page and leaves it out beside a feed', async () => {
    const page = DOCUMENTS.find(([name]) => name === 'a page without a feed')![1];
    expect(await pool.parse(page, { maxItemsPerFeed: 50 })).toStrictEqual({ text: expect.stringContaining('rel="alternate"'), feed: null });
    const feed = await pool.parse(DOCUMENTS[0]![1], { maxItemsPerFeed: 50 });
    expect(feed).not.toHaveProperty('text');
    expect(feed.feed?.items).toHaveLength(10);
  });

  it('honours the base URL and maxItems it is given', async () => {
    const document = DOCUMENTS[0]![1];
    expect(await pooled(document, null)).toStrictEqual(await inline(document, null));
    const few = await pool.parse(document, { maxItemsPerFeed: 3 });
    expect(few.feed?.items.map((i) => i.guid)).toEqual(['story-0', 'story-1', 'story-2']);
  });

  it("gives exactly the inline result for every file of feedparser's public tests", async () => {
    const files = readdirSync(FEEDPARSER_TESTS, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && /\.(xml|rdf|json|html?)$/u.test(entry.name))
      .map((entry) => join(entry.parentPath, entry.name));
    expect(files.length).toBeGreaterThan(900);
    const documents = files.map((file) => documentOf(readFileSync(file), null, `https://feeds.example/${relative(FEEDPARSER_TESTS, file)}`));
    // The walker reads every one of them (errors are compared below, on documents that have them).
    const results = await Promise.all(documents.map((document) => pooled(document)));
    for (const [i, document] of documents.entries()) expect(results[i], document.url).toStrictEqual(await inline(document));
  });

  it('throws what parseDocument throws: the same class, code, message and cause', async () => {
    const bad: ParsableDocument[] = [
      documentOf('', 'application/rss+xml'),
      documentOf('<?xml version="1.0"?><note><to>Tove</to></note>', 'application/xml'),
      documentOf('{"version": "https://jsonfeed.org/version/1.1", "items": [', 'application/feed+json'),
      documentOf('{"version": "https://jsonfeed.org/version/1.1", "title": "no items"}', 'application/feed+json'),
    ];
    for (const document of bad) {
      const expected = await inline(document);
      expect(expected).toHaveProperty('thrown.class', 'ParseError');
      expect(await pooled(document)).toStrictEqual(expected);
    }
    const err = await pool.parse(bad[2]!, { maxItemsPerFeed: 50 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect(err).toMatchObject({ code: 'NOT_A_FEED', cause: expect.objectContaining({ name: 'SyntaxError' }) });
    // The thread's stack: where in the parser it threw.
    expect((err as Error).stack).toMatch(/json-feed/u);
  });

  describe('through loadFeed, from a server', () => {
    let server: FeedServer;
    let deps: PipelineDeps;

    beforeAll(async () => {
      server = await startFeedServer();
      const config = testConfig('unused');
      deps = { config, http: httpClientFor(config), log: silentLogger, parser: pool.parse };
    });
    afterAll(async () => {
      await deps.http.close();
      await server.close();
    });

    it('reads a feed, and records the HTTP status on a parse error as inline', async () => {
      server.set('/feed.xml', rss(STORIES));
      const loaded = await loadFeed(`${server.base}/feed.xml`, deps);
      const inlineLoaded = await loadFeed(`${server.base}/feed.xml`, { ...deps, parser: undefined });
      expect(loaded.feed).toStrictEqual(inlineLoaded.feed);

      server.set('/empty.xml', '');
      const err = await loadFeed(`${server.base}/empty.xml`, deps).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ParseError);
      expect(err).toMatchObject({ code: 'EMPTY_DOCUMENT', details: { httpStatus: 200 } });
    });

    it('discovers the feed a page links to, both documents parsed in threads', async () => {
      server.set('/feed/', rss(STORIES.slice(0, 3)));
      server.set('/home', `<!doctype html><html><head><link rel="alternate" type="application/rss+xml" href="${server.base}/feed/"></head><body>Home</body></html>`, 'text/html');
      const loaded = await loadFeed(`${server.base}/home`, deps, { discover: true });
      expect(loaded.feedUrl).toBe(`${server.base}/feed/`);
      expect(loaded.feed?.items).toHaveLength(3);
    });
  });
});

describe('a fetch whose parse kills its thread', () => {
  const store = useStore('sqlite');
  let pool: NormalizePool;
  let server: FeedServer;
  let queues: Queues;
  const config = testConfig('unused');
  const http = httpClientFor(config);

  beforeAll(async () => {
    // One thread: each crash must be followed by a new thread for the other fetches.
    pool = new NormalizePool(1, silentLogger, { entry: FAULTY_THREAD });
    server = await startFeedServer();
    queues = new Queues(config.redisUrl, config.queuePrefix);
  });
  afterAll(async () => {
    await pool.close();
    await queues.close();
    await flushPrefix(config.queuePrefix);
    await http.close();
    await server.close();
  });

  it('fails that fetch alone, recorded on its feed, while the others are read and a new thread goes on', async () => {
    const names = [unique('ok-'), unique('exit-'), unique('ok-'), unique('uncaught-'), unique('ok-')];
    const feedIds: string[] = [];
    for (const name of names) {
      server.set(`/${name}`, rss([{ guid: `${name}-1`, title: 'One', body: '<p>The council voted on Tuesday to extend the tram line.</p>', date: '2026-11-02T08:00:00Z' }]));
      const { feed } = await store().feeds.create(feedInput({ url: `${server.base}/${name}`, nextFetchAt: new Date() }));
      feedIds.push(feed.id);
    }
    const processor = fetchProcessor({ config, store: store(), queues, http, log: silentLogger, parser: pool.parse });
    const job = (feedId: string) => ({ id: `fetch-${feedId}`, data: { feedId } }) as Job<FetchJobData>;
    const results = await Promise.all(feedIds.map((feedId) => processor(job(feedId))));
    expect(results).toEqual(['ok', 'failed', 'ok', 'failed', 'ok']);

    const feeds = await Promise.all(feedIds.map((id) => store().feeds.get(id)));
    expect(feeds.map((f) => f?.lastError ?? null)).toEqual([
      null,
      expect.stringMatching(/^PARSE_CRASHED: .*the normalize thread exited \(code 3\) while parsing the document/u),
      null,
      expect.stringMatching(/^PARSE_CRASHED: .*the normalize thread crashed: the thread broke on uncaught-/u),
      null,
    ]);
    expect(feeds[1]).toMatchObject({ consecutiveFailures: 1, lastStatus: 200 });
    expect(feeds.filter((f) => f?.consecutiveFailures === 0)).toHaveLength(3);
    expect(pool.threadCount).toBe(1);
  });
});

describe('a parse in flight when the pool closes', () => {
  it('fails with a plain error, not one recorded on the feed', async () => {
    const pool = new NormalizePool(1, silentLogger);
    // A fresh pool: the thread is still loading its modules when close() ends it, so the parse cannot have been answered.
    const parsing = pool.parse(DOCUMENTS[0]![1], { maxItemsPerFeed: 50 }).catch((e: unknown) => e);
    await pool.close();
    const err = await parsing;
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(FeedloomError);
    expect((err as Error).message).toMatch(/the normalize pool closed before the document was done/u);
    await expect(pool.parse(DOCUMENTS[0]![1], { maxItemsPerFeed: 50 })).rejects.toThrow(/closed/u);
  });
});

/**
 * The normalize pool with real worker threads: an item cleaned in a thread is
 * the same CleanArticle as one cleaned inline (the corpus, feed rules, learned
 * boilerplate, site config strip rules, a full-text page fetched on the
 * calling thread); the thread's log lines reach the caller's logger; an item
 * whose cleaning throws, or kills its thread, is recorded failed alone while
 * the batch is stored and a new thread goes on; an idle thread ends and the
 * next item starts another. (`feedloom start` stopping
 * with its threads running: test/e2e/processes.test.ts.)
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/logger.js';
import type { CleanArticle, FeedItem } from '../../src/core/model.js';
import { fingerprintOf } from '../../src/normalize/boilerplate.js';
import { compileFeedRules } from '../../src/normalize/feed-rules/index.js';
import { normalizeItem, type NormalizeContext, type PageFetcher } from '../../src/normalize/index.js';
import { SiteConfigDirectory } from '../../src/normalize/site-config/directory.js';
import { NormalizePool } from '../../src/pipeline/normalize-pool.js';
import { loadItemBatch, processItems } from '../../src/pipeline/processor.js';
import { listen, waitFor, type Listening } from '../helpers/http-servers.js';
import { testConfig } from '../helpers/service.js';
import { caseItem, corpusContext, loadCorpus } from '../normalize/corpus-cases.js';
import { context, feedItem, STORY } from '../normalize/helpers.js';
import { collectingLogger } from '../helpers/logs.js';
import { feedWithItems, unique, useStore } from '../store/fixtures.js';

const SITE_CONFIGS = join(import.meta.dirname, '../normalize/site-config/fixtures');
const FAULTY_THREAD = new URL('./fixtures/faulty-normalize-thread.ts', import.meta.url);

/** The item cleaned inline and in the pool. */
async function bothWays(pool: NormalizePool, item: FeedItem, ctx: NormalizeContext): Promise<{ inline: CleanArticle; pooled: CleanArticle }> {
  const inline = await normalizeItem(item, ctx);
  const pooled = await normalizeItem(item, { ...ctx, cleaner: pool.clean });
  return { inline, pooled };
}

describe('items cleaned in the normalize pool', () => {
  let pool: NormalizePool;
  let server: Listening;
  let dir = '';
  const PAGE_PARAGRAPHS = Array.from({ length: 8 }, (_v, i) => `<p>Paragraph ${i + 1} of the full story: the harbour pilots described how the storm closed the channel.</p>`);

  beforeAll(async () => {
    pool = new NormalizePool(2, silentLogger);
    server = await listen(
      createServer((req, res) => {
        if (req.url?.startsWith('/news/storm')) {
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
          res.end(`<!doctype html><html lang="en"><head><title>Storm</title></head><body><nav><a href="/">Home</a></nav><article><h1>Storm</h1>${PAGE_PARAGRAPHS.join('')}</article></body></html>`);
        } else {
          res.writeHead(404).end('not found');
        }
      }),
    );
    dir = mkdtempSync(join(tmpdir(), 'feedloom-pool-site-'));
    copyFileSync(join(SITE_CONFIGS, 'theguardian.com.txt'), join(dir, 'theguardian.com.txt'));
    // Parses, but fails when evaluated (no ends-with in XPath 1.0): the thread logs a warning.
    writeFileSync(join(dir, 'broken.example.txt'), "strip: //div[ends-with(@class, 'promo')]\n");
  });

  afterAll(async () => {
    await pool.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives the same article as the inline path for every corpus case, two threads at once', async () => {
    const cases = loadCorpus();
    expect(cases.length).toBeGreaterThan(0);
    const pooled = await Promise.all(cases.map((c) => normalizeItem(caseItem(c), { ...corpusContext(c), cleaner: pool.clean })));
    for (const [i, c] of cases.entries()) expect(pooled[i], c.id).toEqual(await normalizeItem(caseItem(c), corpusContext(c)));
    expect(pool.threadCount).toBe(2);
  });

  it('applies the feed\'s rules, its learned boilerplate and its host\'s site config in the thread as inline', async () => {
    const head = '<p>Brought to you each morning by the friendly folks at Millbrook Hardware &amp; Feed.</p>';
    const body =
      `${head}<div class="promo"><p>Subscribe to our newsletter for more local news every day.</p></div>${STORY}` +
      '<aside><p>Most viewed: ten stories you missed this week</p></aside><p>SPONSORED: the harbour fair opens on Friday at noon.</p>' +
      '<p>Closing paragraph of the story, with its last word about the new library.</p><p>Thanks for reading.</p>';
    const url = 'https://www.theguardian.com/world/2024/mar/04/harbour-library';
    const ctx = context({
      feedRules: compileFeedRules({ remove: ['.promo', 'p:has(> bad'], body: null, replace: [{ pattern: 'sponsored:', replacement: '', flags: 'i' }] }),
      disabledRules: ['promos'],
      learned: { head: new Set([fingerprintOf('Brought to you each morning by the friendly folks at Millbrook Hardware & Feed.')]), tail: new Set() },
      learnEdges: true,
      siteConfigs: new SiteConfigDirectory(dir, silentLogger),
    });
    const { inline, pooled } = await bothWays(pool, feedItem({ url, baseUrl: url, contentHtml: body }), ctx);
    expect(pooled).toEqual(inline);
    // Each of them fired: the comparison is not between two untouched bodies.
    const fired = pooled.provenance?.rules.map((r) => r.rule) ?? [];
    expect(fired).toEqual(expect.arrayContaining(['feed-rule:remove', 'feed-rule:replace', 'feed-rule:invalid', 'learned-boilerplate', 'site-config:strip']));
    expect(pooled.provenance?.edges?.length).toBeGreaterThan(0);
  });

  it('fetches a teaser\'s page on the calling thread and cleans it in the thread', async () => {
    const fetched: string[] = [];
    const fetchPage: PageFetcher = async (url) => {
      fetched.push(url);
      const res = await fetch(url);
      return { url: res.url, html: await res.text() };
    };
    const url = `${server.base}/news/storm-closes-harbour`;
    const teaser = feedItem({ url, baseUrl: url, contentHtml: '<p>The storm closed the harbour channel for three days, pilots said […]</p>' });
    const { inline, pooled } = await bothWays(pool, teaser, context({ fullText: 'auto', fetchPage }));
    expect(pooled).toEqual(inline);
    expect(pooled.provenance?.extractor).toBe('fulltext');
    expect(pooled.contentText).toContain('Paragraph 8 of the full story');
    expect(fetched).toEqual([url, url]);

    // A page that cannot be had: the feed's body, cleaned in the thread, with the reason it was asked for.
    const missing = feedItem({ url: `${server.base}/gone/`, contentHtml: '<p>The storm closed the harbour channel […]</p>' });
    const kept = await bothWays(pool, missing, context({ fullText: 'always', fetchPage }));
    expect(kept.pooled).toEqual(kept.inline);
    expect(kept.pooled.provenance?.fullTextReason).toBe('fullText: always');
  });

  it('writes what the thread logs through the caller\'s logger, with its bindings', async () => {
    const { log, records } = collectingLogger();
    const url = 'https://broken.example/story';
    const item = feedItem({ url, baseUrl: url, contentHtml: `${STORY}<div class="promo"><p>Buy the paper.</p></div>` });
    await normalizeItem(item, context({ siteConfigs: new SiteConfigDirectory(dir, silentLogger), log: log.child({ feedId: 'feed-7' }), cleaner: pool.clean }));
    expect(records()).toContainEqual(expect.objectContaining({ level: 40, feedId: 'feed-7', siteConfig: 'broken.example.txt', msg: 'site config XPath failed; skipped' }));
  });
});

describe('a batch whose items break the thread that cleans them', () => {
  const store = useStore('sqlite');
  let pool: NormalizePool;

  beforeAll(() => {
    // One thread: each crash must be followed by a new thread for the rest of the batch.
    pool = new NormalizePool(1, silentLogger, { entry: FAULTY_THREAD });
  });
  afterAll(() => pool.close());

  function story(guid: string): FeedItem {
    return feedItem({
      guid,
      url: `https://news.example/${guid}`,
      contentHtml: `<p>${guid}: the council voted on Tuesday to extend the tram line to the harbour district.</p><p>Work starts in spring.</p>`,
    });
  }

  it('records each such item failed, stores the others, and a new thread takes over', async () => {
    const guids = [unique('ok-'), unique('throws-'), unique('exit-'), unique('ok-'), unique('uncaught-'), unique('ok-')];
    // A staged row without its categories: cleanItem itself throws on it, inside the thread.
    const { feedId, itemIds } = await feedWithItems(store(), guids, (guid) =>
      guid.startsWith('throws-') ? ({ ...story(guid), categories: undefined } as unknown as FeedItem) : story(guid),
    );
    const config = testConfig('unused');
    const batch = await loadItemBatch(feedId, itemIds, { store: store(), config });
    if (!batch) throw new Error('feed not stored');

    const outcomes = await processItems(batch, { store: store(), config, http: null, log: silentLogger, cleaner: pool.clean });
    const byId = new Map(outcomes.map((o) => [o.itemId, o]));
    const kinds = itemIds.map((id) => byId.get(id)?.kind);
    expect(kinds).toEqual(['saved', 'failed', 'failed', 'saved', 'failed', 'saved']);
    expect(byId.get(itemIds[1]!)).toMatchObject({ error: "NORMALIZE_FAILED: Cannot read properties of undefined (reading 'map')" });
    expect(byId.get(itemIds[2]!)).toMatchObject({ error: expect.stringMatching(/^NORMALIZE_FAILED: the normalize thread exited \(code 3\)/) });
    expect(byId.get(itemIds[4]!)).toMatchObject({ error: expect.stringMatching(/^NORMALIZE_FAILED: the normalize thread crashed: the thread broke on uncaught-/) });

    const stored = await store().articles.list({ feedId, limit: 10 });
    expect(stored.items.map((a) => a.guid).sort()).toEqual([guids[0], guids[3], guids[5]].sort());
    // Failed, not pending: the reconciler does not queue them again.
    const stillPending = new Set((await store().items.pendingIds(100_000)).map((i) => i.id));
    expect([itemIds[1], itemIds[2], itemIds[4]].filter((id) => stillPending.has(id!))).toEqual([]);

    // The pool goes on with a thread of its own size.
    const after = await normalizeItem(story(unique('later-')), context({ cleaner: pool.clean }));
    expect(after.contentText).toContain('extend the tram line');
    expect(pool.threadCount).toBe(1);
  });
});

describe('an idle normalize pool', () => {
  it('ends a thread that has had no work for idleMs, and starts one for the next item', async () => {
    const pool = new NormalizePool(1, silentLogger, { idleMs: 50 });
    try {
      const first = await normalizeItem(feedItem({ contentHtml: STORY }), context({ cleaner: pool.clean }));
      await waitFor(() => pool.threadCount === 0, 20_000, 'the idle thread to end');
      const second = await normalizeItem(feedItem({ contentHtml: STORY }), context({ cleaner: pool.clean }));
      expect(second).toEqual(first);
      expect(pool.threadCount).toBe(1);
    } finally {
      await pool.close();
    }
  });
});

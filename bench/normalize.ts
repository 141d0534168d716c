/**
 * Normalize throughput on ~10 KB articles: the feed's own content (full text
 * off), and teasers whose article page is fetched from a local server and
 * extracted (full text on). Run alone: npx tsx bench/normalize.ts
 */
import render from 'dom-serializer';
import { parseDocument } from 'htmlparser2';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import type { FeedItem } from '../src/core/model.js';
import { silentLogger } from '../src/core/logger.js';
import { normalizeItem, type NormalizeContext, type PageFetcher } from '../src/normalize/index.js';

const PARAGRAPH =
  '<p>The council approved the new budget on Tuesday after a long debate about school funding, road repairs and ' +
  'the future of the public library, which has been closed since the flood two years ago. “We had no choice,” said ' +
  'the mayor, who <a href="https://news.example/2024/budget?utm_source=rss">promised</a> a review in the spring.</p>\n';

const JUNK =
  '<p>By Jane Doe and John Roe</p>\n' +
  '<div class="ad-container"><p>Advertisement</p></div>\n' +
  '<p><strong>Related:</strong> <a href="https://news.example/other">Council delays vote on library</a></p>\n';

const FOOTER =
  '<div class="sharedaddy"><h3>Share this:</h3><ul><li><a href="?share=twitter">Twitter</a></li></ul></div>\n' +
  '<p>The post <a href="https://news.example/p">Budget</a> appeared first on <a href="https://news.example">News</a>.</p>\n' +
  '<img src="https://pixel.wp.com/b.gif?x=1" width="1" height="1">';

/** About `kb` kilobytes of article HTML: junk at the top, in the middle and at the end. */
export function articleHtml(kb: number): string {
  const count = Math.max(1, Math.round((kb * 1024 - JUNK.length - FOOTER.length) / PARAGRAPH.length));
  const half = PARAGRAPH.repeat(Math.floor(count / 2));
  return JUNK.slice(0, JUNK.indexOf('<div')) + half + JUNK.slice(JUNK.indexOf('<div')) + half + PARAGRAPH.repeat(count % 2) + FOOTER;
}

function item(i: number, contentHtml: string, url: string): FeedItem {
  return {
    guid: `bench-${i}`, url, title: `Story ${i}`, authors: ['admin'], publishedAt: '2024-05-01T10:00:00.000Z', updatedAt: null,
    summaryHtml: null, contentHtml, baseUrl: url, categories: ['News'], imageUrl: null, enclosures: [], language: 'en',
  };
}

function context(fetchPage?: PageFetcher): NormalizeContext {
  const base: NormalizeContext = {
    feed: { url: 'https://news.example/feed/', title: 'News', siteUrl: 'https://news.example', language: 'en' },
    fullText: fetchPage ? 'auto' : 'never',
    embedHosts: [],
    log: silentLogger,
  };
  return fetchPage ? { ...base, fetchPage } : base;
}

async function measure(n: number, run: (i: number) => Promise<unknown>): Promise<{ perSecond: number; msEach: number; cpuMsEach: number }> {
  for (let i = 0; i < Math.min(20, n); i++) await run(i);
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < n; i++) await run(i);
  const elapsed = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { perSecond: (n * 1000) / elapsed, msEach: elapsed / n, cpuMsEach: (used.user + used.system) / 1000 / n };
}

export async function benchNormalize(): Promise<Record<string, number>> {
  const html = articleHtml(10);
  const kb = Buffer.byteLength(html) / 1024;
  const plain = await measure(400, (i) => normalizeItem(item(i, html, `https://news.example/2024/story-${i}/?utm_source=rss`), context()));
  // The floor on the same bodies: one htmlparser2 parse and one serialize, nothing else (the target is
  // normalize at no less than half this throughput).
  const raw = await measure(400, async () => render(parseDocument(html)));

  const page = `<!doctype html><html lang="en"><head><title>Story</title><link rel="canonical" href="/story/">` +
    `<meta property="og:image" content="/img/a.jpg"></head><body><nav><a href="/">Home</a></nav><article><h1>Story</h1>` +
    `${html}</article><footer>© News</footer></body></html>`;
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const fetchPage: PageFetcher = async (url) => {
    const res = await fetch(url);
    return { url: res.url, html: await res.text() };
  };
  const teaser = '<p>The council approved the new budget on Tuesday after a long debate […]</p>';
  try {
    const full = await measure(150, (i) => normalizeItem(item(i, teaser, `${origin}/story-${i}/`), context(fetchPage)));
    // Hostile markup (the fuzz tests check it survives; its cost is measured here, not asserted there).
    const deep = await measure(3, (i) => normalizeItem(item(i, `${'<div>'.repeat(20_000)}deep text`, `https://news.example/deep-${i}/`), context()));
    return {
      articleKb: Number(kb.toFixed(1)),
      normalizeArticlesPerSec: Math.round(plain.perSecond),
      normalizeMsPerArticle: Number(plain.msEach.toFixed(3)),
      normalizeCpuMsPerKb: Number((plain.cpuMsEach / kb).toFixed(4)),
      rawParseSerializeArticlesPerSec: Math.round(raw.perSecond),
      rawParseSerializeCpuMsPerArticle: Number(raw.cpuMsEach.toFixed(3)),
      normalizeShareOfRaw: Number((plain.perSecond / raw.perSecond).toFixed(3)),
      fullTextArticlesPerSec: Math.round(full.perSecond),
      fullTextMsPerArticle: Number(full.msEach.toFixed(3)),
      fullTextCpuMsPerArticle: Number(full.cpuMsEach.toFixed(3)),
      deepNesting20kMsPerArticle: Number(deep.msEach.toFixed(1)),
    };
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await benchNormalize(), null, 2));
}

import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectingLogger } from '../helpers/logs.js';
import { parseHtml } from '../../src/normalize/dom.js';
import { extractArticle, looksTruncated } from '../../src/normalize/fulltext.js';
import { normalizeItem, type PageFetcher } from '../../src/normalize/index.js';
import { LEXICON } from '../../src/normalize/lexicon.js';
import { listen } from '../helpers/http-servers.js';
import { context, feedItem, STORY } from './helpers.js';

const PARAGRAPHS = Array.from(
  { length: 8 },
  (_v, i) => `<p>Paragraph ${i + 1} of the full story: the harbor pilots described how the storm closed the channel for three days and how the ships waited offshore.</p>`,
).join('');

const PAGE = `<!doctype html><html lang="en-GB"><head><title>Storm closes harbor | Port Times</title>
<link rel="canonical" href="/news/storm-closes-harbor?utm_source=canon">
<meta property="og:image" content="/img/storm.jpg">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Port Times"},
{"@type":"NewsArticle","headline":"Storm closes harbor","datePublished":"2024-02-03T08:15:00+01:00",
"author":[{"@type":"Person","name":"Ines Castro"},{"@type":"Person","name":"Tom Reyes"}]}]}</script></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav><article><h1>Storm closes harbor</h1>${PARAGRAPHS}
<p><a href="/news/other">Read more</a></p><p>Share this:</p></article><footer>© Port Times</footer></body></html>`;

let server: Server;
let base = '';
const fetchPage: PageFetcher = async (url) => {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`HTTP ${res.status} for ${url}`);
  return { url: res.url, html: await res.text() };
};

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url?.startsWith('/news/storm')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(PAGE);
    } else {
      res.writeHead(404).end('not found');
    }
  });
  ({ base } = await listen(server));
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const teaser = '<p>The storm closed the harbor channel for three days, pilots said […]</p>';

describe('full text', () => {
  it('recognises teasers: short, ending in […], or pointing on with "Read more"', () => {
    expect(looksTruncated(feedItem({ contentHtml: teaser }), parseHtml(teaser), LEXICON)).toBe(true);
    expect(looksTruncated(feedItem({ contentHtml: STORY }), parseHtml(STORY + STORY + STORY), LEXICON)).toBe(false);
    const more = `${STORY}${STORY}${STORY}<p><a href="/x" class="more-link">Continue reading</a></p>`;
    expect(looksTruncated(feedItem({ contentHtml: more }), parseHtml(more), LEXICON)).toBe(true);
  });

  it('reads canonical URL, authors, date, image and language from the page', () => {
    const page = extractArticle(PAGE, 'http://127.0.0.1:1/news/storm-closes-harbor');
    expect(page.canonicalUrl).toBe('http://127.0.0.1:1/news/storm-closes-harbor?utm_source=canon');
    expect(page.authors).toEqual(['Ines Castro', 'Tom Reyes']);
    expect(page.publishedAt).toBe('2024-02-03T07:15:00.000Z');
    expect(page.imageUrl).toBe('http://127.0.0.1:1/img/storm.jpg');
    expect(page.language).toBe('en-GB');
    expect(page.contentHtml).toContain('Paragraph 8 of the full story');
  });

  it('replaces a teaser with the page\'s cleaned main content and fills the missing metadata', async () => {
    const url = `${base}/news/storm-closes-harbor?utm_medium=rss`;
    const item = feedItem({ url, baseUrl: url, contentHtml: teaser, authors: [], publishedAt: null, language: null });
    const article = await normalizeItem(item, context({ fullText: 'auto', fetchPage }));
    expect(article.contentText).toContain('Paragraph 1 of the full story');
    expect(article.contentText).toContain('Paragraph 8 of the full story');
    expect(article.contentText).not.toMatch(/Read more|Share this|Home|© Port Times/);
    expect(article.url).toBe(`${base}/news/storm-closes-harbor`);
    // Provenance: the page's body won, and why it was fetched.
    expect(article.provenance?.extractor).toBe('fulltext');
    expect(article.provenance?.fullTextReason).toMatch(/^teaser: \d+ words$/);
    expect(article.authors).toEqual(['Ines Castro', 'Tom Reyes']);
    expect(article.publishedAt).toBe('2024-02-03T07:15:00.000Z');
    expect(article.imageUrl).toBe(`${base}/img/storm.jpg`);
  });

  it('keeps the feed content and logs a warning with the URL when the page cannot be fetched', async () => {
    const { log, lines } = collectingLogger();
    const url = `${base}/missing-story/`;
    const item = feedItem({ url, contentHtml: teaser, authors: ['Ines Castro'] });
    const article = await normalizeItem(item, context({ fullText: 'always', fetchPage, log }));
    expect(article.contentText).toBe('The storm closed the harbor channel for three days, pilots said');
    expect(article.url).toBe(url);
    expect(lines.join('')).toContain(url);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ level: 40, url });
  });

  it('never fetches with fullText "never" or without a fetcher', async () => {
    let calls = 0;
    const counting: PageFetcher = async (url) => {
      calls++;
      return fetchPage(url);
    };
    const url = `${base}/news/storm-closes-harbor`;
    await normalizeItem(feedItem({ url, contentHtml: teaser }), context({ fullText: 'never', fetchPage: counting }));
    const article = await normalizeItem(feedItem({ url, contentHtml: teaser }), context({ fullText: 'always' }));
    expect(calls).toBe(0);
    expect(article.contentText).toContain('The storm closed the harbor channel');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commonFeedPaths, discoverFeedLinks } from '../../src/fetch/discover.js';
import { startServer, testClient, type LocalServer } from './local-server.js';

const PAGE = `<!doctype html>
<html><head>
  <title>A blog</title>
  <LINK REL="stylesheet" href="/style.css">
  <link rel="alternate" type="application/rss+xml" title="Posts" href="/feed/">
  <link rel="alternate" type="application/atom+xml" href="https://blog.example/atom.xml">
  <link rel="alternate" type="application/rss+xml" title="Posts again" href="/feed/#dup">
  <link rel="alternate" hreflang="fr" href="/fr/">
  <link rel="alternate" type="application/feed+json" href="feed.json">
  <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
  <link rel="alternate" type="application/rss+xml" title="Comments" href="/comments/feed/?a=1&amp;b=2">
</head><body>
  <a href="/about">About</a>
  <a href="/category/news/feed">News feed</a>
  <a href="/podcast.rss">Podcast</a>
  <a href="https://other.example/sitemap.xml">Sitemap</a>
  <a href="/feed/">Subscribe</a>
  <a href="/feeding-cats">Not a feed</a>
  <a href="mailto:me@example.com">Mail</a>
  <a href="/?feed=rss2">Old-style feed</a>
</body></html>`;

describe('discoverFeedLinks', () => {
  it('lists declared feeds first, in document order, absolute and deduplicated, then feed-looking anchors', () => {
    expect(discoverFeedLinks(PAGE, 'https://blog.example/posts/hello')).toEqual([
      'https://blog.example/feed/',
      'https://blog.example/atom.xml',
      'https://blog.example/posts/feed.json',
      'https://blog.example/comments/feed/?a=1&b=2',
      'https://blog.example/category/news/feed',
      'https://blog.example/podcast.rss',
      'https://other.example/sitemap.xml',
      'https://blog.example/?feed=rss2',
    ]);
  });

  it('resolves against <base href>', () => {
    const html = '<head><base href="https://cdn.example/site/"><link rel="alternate" type="application/atom+xml" href="atom"></head>';
    expect(discoverFeedLinks(html, 'https://blog.example/')).toEqual(['https://cdn.example/site/atom']);
  });

  it('finds nothing in a page without feeds, and survives broken HTML', () => {
    expect(discoverFeedLinks('<html><body><a href="/about">x</a></body></html>', 'https://a.example/')).toEqual([]);
    expect(discoverFeedLinks('<link rel=alternate type=application/rss+xml href=/rss><a href="/x', 'https://a.example/')).toEqual([
      'https://a.example/rss',
    ]);
  });
});

describe('commonFeedPaths', () => {
  it('guesses the WordPress-style locations at the root', () => {
    expect(commonFeedPaths('https://blog.example/')).toEqual([
      'https://blog.example/feed/',
      'https://blog.example/rss.xml',
      'https://blog.example/atom.xml',
      'https://blog.example/index.xml',
      'https://blog.example/feed.xml',
    ]);
  });

  it('tries the page folder first for a blog below the root', () => {
    const guesses = commonFeedPaths('https://site.example/blog/?p=1');
    expect(guesses.slice(0, 2)).toEqual(['https://site.example/blog/feed/', 'https://site.example/blog/rss.xml']);
    expect(guesses).toContain('https://site.example/feed/');
    expect(guesses).toHaveLength(10);
    expect(commonFeedPaths('not a url')).toEqual([]);
  });
});

describe('discovery on a served page', () => {
  let server: LocalServer;

  beforeAll(async () => {
    server = await startServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(PAGE);
    });
  });

  afterAll(async () => {
    await server.close();
  });

  it('finds the feeds of a page fetched over HTTP', async () => {
    const client = testClient();
    try {
      const page = await client.get(server.url('/posts/hello'), { accept: 'text/html' });
      const links = discoverFeedLinks(new TextDecoder().decode(page.body), page.url);
      expect(links[0]).toBe(server.url('/feed/'));
      expect(links).toContain(server.url('/posts/feed.json'));
    } finally {
      await client.close();
    }
  });
});

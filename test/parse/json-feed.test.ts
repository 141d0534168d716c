import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/core/errors.js';
import { parseFeed } from '../../src/parse/index.js';

describe('JSON Feed', () => {
  it('maps feed and item fields, resolving relative URLs against the feed URL', () => {
    const feed = parseFeed(
      JSON.stringify({
        version: 'https://jsonfeed.org/version/1.1',
        title: 'JSON',
        home_page_url: 'https://example.com/',
        feed_url: 'https://example.com/feed.json',
        language: 'en',
        authors: [{ name: 'Feed Author' }],
        items: [
          {
            id: 1,
            url: '/posts/1',
            title: 'Hello &amp; welcome',
            content_html: '<p><img src="img.png"></p>',
            summary: 'Short <not html>',
            image: '/lead.jpg',
            date_published: '2024-05-01T10:00:00+02:00',
            tags: ['a', 'b'],
            attachments: [{ url: 'ep.mp3', mime_type: 'audio/mpeg', size_in_bytes: 42 }],
          },
          { id: '2', content_text: 'Plain <text>', authors: [{ name: 'Item Author' }] },
        ],
      }),
      { url: 'https://example.com/feed.json' },
    );
    expect(feed).toMatchObject({ kind: 'json', title: 'JSON', siteUrl: 'https://example.com/', language: 'en' });
    expect(feed.items[0]).toMatchObject({
      guid: '1',
      url: 'https://example.com/posts/1',
      title: 'Hello & welcome',
      // Relative to baseUrl until normalize resolves it (test/parse/base.test.ts).
      contentHtml: '<p><img src="img.png"></p>',
      baseUrl: 'https://example.com/posts/1',
      summaryHtml: 'Short &lt;not html&gt;',
      imageUrl: 'https://example.com/lead.jpg',
      publishedAt: '2024-05-01T08:00:00.000Z',
      authors: ['Feed Author'],
      categories: ['a', 'b'],
      enclosures: [{ url: 'https://example.com/posts/ep.mp3', type: 'audio/mpeg', length: 42 }],
    });
    expect(feed.items[1]).toMatchObject({ guid: '2', contentHtml: 'Plain &lt;text&gt;', authors: ['Item Author'] });
  });

  it('refuses JSON that is not a feed, with a reason', () => {
    expect(() => parseFeed('{"hello": "world"}', { url: null })).toThrow(ParseError);
    expect(() => parseFeed('{"version": "https://jsonfeed.org/version/1", items: [}', { url: null })).toThrow(/not valid JSON/);
  });

  it('reads version 1.0 authors, numbers where strings belong, and a feed with no items yet', () => {
    const v1 = parseFeed(
      JSON.stringify({
        version: 'https://jsonfeed.org/version/1',
        title: 'Old',
        items: [{ id: 42, author: { name: 'Ann Lee' }, content_text: 'Plain & simple', tags: ['a', 7], date_published: '2026-01-02T03:04:05Z' }],
      }),
      { url: 'https://example.com/feed.json' },
    );
    expect(v1.items[0]).toMatchObject({ guid: '42', authors: ['Ann Lee'], categories: ['a', '7'], publishedAt: '2026-01-02T03:04:05.000Z' });
    expect(v1.items[0]?.contentHtml).toContain('Plain &amp; simple');
    const empty = parseFeed(JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'New', items: [] }), { url: null });
    expect(empty).toMatchObject({ kind: 'json', title: 'New', items: [] });
  });
});

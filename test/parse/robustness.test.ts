import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/core/errors.js';
import { looksLikeHtmlPage, parseFeed } from '../../src/parse/index.js';

describe('broken XML', () => {
  it('survives an unescaped &, missing end tags and invalid characters', () => {
    const feed = parseFeed(
      `<rss><channel><title>Tom & Jerry\u0001</title>
        <item><title>First<link>http://link/get?a=1&b=2</link></item>
        <item><title>Second</title><description>unclosed <b>bold</description>
      </channel>`,
      { url: null },
    );
    expect(feed.title).toBe('Tom & Jerry'); // characters XML forbids are dropped, not kept in titles
    expect(feed.items).toHaveLength(2);
    expect(feed.items[1]?.title).toBe('Second');
    expect(feed.items.some((i) => i.url === 'http://link/get?a=1&b=2')).toBe(true);
  });

  it('decodes HTML entities the feed never declared, and numeric references to UTF-8 bytes', () => {
    const feed = parseFeed('<rss><channel><title>caf&eacute; &hellip; &lang;x&rang; &copy</title><item><title>&#226;&#128;&#166;</title></item></channel></rss>', { url: null });
    expect(feed.title).toBe('caf\u00e9 \u2026 \u2329x\u232a &copy');
    expect(feed.items[0]?.title).toBe('\u2026');
  });

  it('expands plain internal entities but never entity bombs or external entities', () => {
    const bomb = `<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY id "tag:example.com,">
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY xxe SYSTEM "file:///etc/passwd">
]>
<rss><channel><title>&lol2;</title><item><guid>&id;2006</guid><title>&xxe;</title></item></channel></rss>`;
    const feed = parseFeed(bomb, { url: null });
    expect(feed.title).toBe('&lol2;');
    expect(feed.items[0]?.guid).toBe('tag:example.com,2006');
    expect(feed.items[0]?.title).toBe('&xxe;');
  });

  it('finds a feed wrapped in another element', () => {
    const feed = parseFeed('<envelope><body><rss><channel><title>Wrapped</title></channel></rss></body></envelope>', { url: null });
    expect(feed.title).toBe('Wrapped');
  });
});

describe('items', () => {
  it('parses a 10,000-item feed', () => {
    const items = Array.from({ length: 10_000 }, (_, i) => `<item><guid>g${i}</guid><title>Item ${i}</title></item>`).join('');
    const feed = parseFeed(`<rss><channel>${items}</channel></rss>`, { url: null });
    expect(feed.items).toHaveLength(10_000);
    expect(feed.items[9_999]?.title).toBe('Item 9999');
  });

  it('keeps one item per guid, the first', () => {
    const feed = parseFeed('<rss><channel><item><guid>same</guid><title>A</title></item><item><guid>same</guid><title>B</title></item></channel></rss>', { url: null });
    expect(feed.items.map((i) => i.title)).toEqual(['A']);
  });

  it('gives items without guid or link a stable, distinct hash', () => {
    const xml = '<rss><channel><item><title>T</title></item><item><title>T</title></item><item><title>U</title></item></channel></rss>';
    const once = parseFeed(xml, { url: null }).items.map((i) => i.guid);
    const again = parseFeed(xml, { url: null }).items.map((i) => i.guid);
    expect(once).toEqual(again);
    expect(new Set(once).size).toBe(3);
    expect(once[0]).toMatch(/^sha1:[0-9a-f]{40}$/);
  });

  it('keeps the first maxItems items', () => {
    const items = Array.from({ length: 5 }, (_, i) => `<item><guid>${i}</guid></item>`).join('');
    expect(parseFeed(`<rss><channel>${items}</channel></rss>`, { url: null, maxItems: 2 }).items.map((i) => i.guid)).toEqual(['0', '1']);
  });
});

describe('documents that are not feeds', () => {
  const page = '<!DOCTYPE html><html><head><link rel="alternate" type="application/rss+xml" href="/feed"></head><body>Hi</body></html>';

  it('recognises an HTML page', () => {
    expect(looksLikeHtmlPage(page)).toBe(true);
    expect(looksLikeHtmlPage('<?xml version="1.0"?><!-- c --><rss><channel/></rss>')).toBe(false);
    expect(looksLikeHtmlPage('<r:rss xmlns:r="x"><r:channel><body/></r:channel></r:rss>')).toBe(false);
  });

  it('refuses pages and other XML with NOT_A_FEED and a message that says what was found', () => {
    expect(() => parseFeed(page, { url: 'https://example.com/' })).toThrow(/HTML page, not a feed/);
    try {
      parseFeed('<?xml version="1.0"?><opml><body/></opml>', { url: null });
      expect.unreachable('an OPML document is not a feed');
    } catch (err) {
      expect(err).toBeInstanceOf(ParseError);
      expect((err as ParseError).code).toBe('NOT_A_FEED');
      expect((err as ParseError).message).toContain('<opml>');
    }
    expect(() => parseFeed('', { url: null })).toThrow(/it is empty/);
  });
});

import { describe, expect, it } from 'vitest';
import { parseFeed, parseFeedDocument } from '../../src/parse/index.js';

describe('relative URLs', () => {
  it('resolves links and content URLs against nested xml:base', () => {
    const feed = parseFeed(
      `<feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://example.com/test/"><link href="index.html"/>
        <entry xml:base="entries/"><link href="1.html"/><id>../ids/1</id>
          <content type="html" xml:base="/root/">&lt;a href="page"&gt;x&lt;/a&gt; &lt;img src="i.png" srcset="a.png 1x, b.png 2x"&gt;</content>
        </entry></feed>`,
      { url: 'http://other.example/feed' },
    );
    expect(feed.siteUrl).toBe('http://example.com/test/index.html');
    const item = feed.items[0];
    expect(item?.url).toBe('http://example.com/test/entries/1.html');
    expect(item?.guid).toBe('http://example.com/test/ids/1');
    expect(item?.contentHtml).toBe('<a href="http://example.com/root/page">x</a> <img src="http://example.com/root/i.png" srcset="http://example.com/root/a.png 1x, http://example.com/root/b.png 2x">');
  });

  it('resolves against the document URL when there is no xml:base, inside RSS descriptions too', () => {
    const feed = parseFeed('<rss><channel><item><link>/p/1</link><description>&lt;a href="/rel"&gt;x&lt;/a&gt;</description></item></channel></rss>', {
      url: 'https://example.com/blog/feed',
    });
    expect(feed.items[0]).toMatchObject({ url: 'https://example.com/p/1', summaryHtml: '<a href="https://example.com/rel">x</a>' });
  });

  it('uses the Content-Location header, itself relative to the document URL, as base', () => {
    const body = new TextEncoder().encode('<feed xmlns="http://www.w3.org/2005/Atom"><link rel="alternate" href="absolute"/></feed>');
    const feed = parseFeedDocument({ body, contentType: 'application/atom+xml', url: 'http://127.0.0.1:8097/a/feed.xml', headers: { 'content-location': '/feed/' } });
    expect(feed.siteUrl).toBe('http://127.0.0.1:8097/feed/absolute');
  });

  it('leaves relative links alone when the document has no web URL', () => {
    const feed = parseFeed('<rss><channel><item><guid>g</guid><description>&lt;a href="/rel"&gt;x&lt;/a&gt;</description></item></channel></rss>', {
      url: 'file:///tmp/feed.xml',
    });
    expect(feed.items[0]?.summaryHtml).toBe('<a href="/rel">x</a>');
  });
});

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { normalizeItem } from '../../src/normalize/index.js';
import { parseFeed, parseFeedDocument } from '../../src/parse/index.js';
import { readWordPressPosts } from '../../src/parse/wordpress-posts.js';
import { context } from '../normalize/helpers.js';

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

  it('resolves against the document URL when there is no xml:base, inside RSS descriptions too (the body when normalized)', async () => {
    const body = '&lt;p&gt;A sentence with &lt;a href="/rel"&gt;a link&lt;/a&gt; in it.&lt;/p&gt;';
    const feed = parseFeed(`<rss><channel><item><link>/p/1</link><description>${body}</description></item></channel></rss>`, {
      url: 'https://example.com/blog/feed',
    });
    const item = feed.items[0]!;
    // The body keeps its URLs relative to the item's base; normalize resolves them in its own parse.
    expect(item).toMatchObject({ url: 'https://example.com/p/1', summaryHtml: '<p>A sentence with <a href="/rel">a link</a> in it.</p>', baseUrl: 'https://example.com/blog/feed' });
    const article = await normalizeItem(item, context());
    expect(article.contentHtml).toContain('href="https://example.com/rel"');
  });

  it('gives normalize bodies whose URLs it resolves as parse did, in every format', async () => {
    const rss = parseFeed(
      `<rss xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><item><link>https://example.com/p/1</link>
        <content:encoded><![CDATA[<p>See <a href="../about/">about</a> and <img src="i.png"> here.</p>]]></content:encoded>
        </item></channel></rss>`,
      { url: 'https://example.com/blog/feed' },
    );
    const json = parseFeed(JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'J', items: [{ id: '1', url: '/posts/1/', content_html: '<p>See <a href="../about/">about</a>.</p>' }] }), {
      url: 'https://example.com/feed.json',
    });
    const [wordpress] = readWordPressPosts(
      [{ id: 7, link: 'https://example.com/posts/7/', title: { rendered: 'T' }, content: { rendered: '<p>See <a href="../about/">about</a>.</p>', protected: false } }],
      'https://example.com/',
    );
    const bodies = await Promise.all([rss.items[0]!, json.items[0]!, wordpress!].map(async (item) => (await normalizeItem(item, context())).contentHtml));
    expect(bodies[0]).toContain('href="https://example.com/about/"');
    expect(bodies[0]).toContain('src="https://example.com/blog/i.png"');
    expect(bodies[1]).toContain('href="https://example.com/posts/about/"');
    expect(bodies[2]).toContain('href="https://example.com/posts/about/"');
  });

  it('hashes an item without guid or link as it did when parse resolved bodies, so its guid stays the same', () => {
    const feed = parseFeed('<feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://d.test/"><entry><content type="html">&lt;video poster="p.jpeg"&gt;&lt;/video&gt;</content></entry></feed>', {
      url: 'http://d.test/feed',
    });
    const item = feed.items[0]!;
    expect(item.contentHtml).toBe('<video poster="p.jpeg"></video>');
    const resolved = ['', '', '', '<video poster="http://d.test/p.jpeg"></video>'].join('\u0000');
    expect(item.guid).toBe(`sha1:${createHash('sha1').update(resolved).digest('hex')}`);
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

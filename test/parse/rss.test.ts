import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../src/parse/index.js';

const rss = (items: string, channel = '', attrs = ''): string =>
  `<?xml version="1.0"?><rss version="2.0" ${attrs}><channel><title>Feed</title><link>https://example.com/</link>${channel}${items}</channel></rss>`;
const NS = 'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:media="http://search.yahoo.com/mrss/" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"';

describe('RSS 2.0', () => {
  it('maps the core item fields', () => {
    const feed = parseFeed(
      rss(
        `<item><title>One &amp; two</title><link>https://example.com/1</link><guid isPermaLink="false">id-1</guid>
         <author>jane@example.com (Jane)</author><dc:creator>Bob</dc:creator><pubDate>Thu, 01 Jan 2004 19:48:21 GMT</pubDate>
         <description>&lt;p&gt;Short&lt;/p&gt;</description><content:encoded><![CDATA[<p>Long <b>body</b></p>]]></content:encoded>
         <category>news</category><category>tech</category><dc:language>fr</dc:language></item>`,
        '<language>en-us</language><ttl>30</ttl>',
        NS,
      ),
      { url: 'https://example.com/feed' },
    );
    expect(feed).toMatchObject({ kind: 'rss', title: 'Feed', siteUrl: 'https://example.com/', language: 'en-us', ttlSeconds: 1800 });
    expect(feed.items[0]).toMatchObject({
      guid: 'id-1',
      url: 'https://example.com/1',
      title: 'One & two',
      authors: ['Jane', 'Bob'],
      publishedAt: '2004-01-01T19:48:21.000Z',
      summaryHtml: '<p>Short</p>',
      contentHtml: '<p>Long <b>body</b></p>',
      categories: ['news', 'tech'],
      language: 'fr',
    });
  });

  it('reduces HTML titles to text but keeps a plain "1 < 2"', () => {
    const feed = parseFeed(rss('<item><title>&lt;b&gt;Bold&lt;/b&gt; move</title></item><item><title>1 &lt; 2</title></item>'), { url: null });
    expect(feed.items.map((i) => i.title)).toEqual(['Bold move', '1 < 2']);
  });

  it('uses a permalink guid as the link, and the link as guid when there is none', () => {
    const feed = parseFeed(rss('<item><guid>https://example.com/p/1</guid></item><item><link>https://example.com/p/2</link></item>'), { url: null });
    expect(feed.items.map((i) => [i.guid, i.url])).toEqual([
      ['https://example.com/p/1', 'https://example.com/p/1'],
      ['https://example.com/p/2', 'https://example.com/p/2'],
    ]);
  });

  it('finds images in media:thumbnail, media:content, image enclosures and itunes:image', () => {
    const feed = parseFeed(
      rss(
        `<item><guid>a</guid><media:group><media:thumbnail url="/t.jpg"/></media:group></item>
         <item><guid>b</guid><media:content url="https://cdn.example.com/c.png" medium="image"/></item>
         <item><guid>c</guid><enclosure url="https://example.com/e.jpg" type="image/jpeg" length="123"/></item>
         <item><guid>d</guid><itunes:image href="https://example.com/i.jpg"/><enclosure url="https://example.com/a.mp3" type="audio/mpeg" length="9"/></item>`,
        '',
        NS,
      ),
      { url: 'https://example.com/feed.xml' },
    );
    expect(feed.items.map((i) => i.imageUrl)).toEqual([
      'https://example.com/t.jpg',
      'https://cdn.example.com/c.png',
      'https://example.com/e.jpg',
      'https://example.com/i.jpg',
    ]);
    expect(feed.items[3]?.enclosures).toEqual([{ url: 'https://example.com/a.mp3', type: 'audio/mpeg', length: 9, medium: 'audio', title: null }]);
  });

  it('reads unescaped XHTML bodies and RSS elements in a namespace', () => {
    const feed = parseFeed(
      `<r:rss xmlns:r="http://backend.userland.com/rss2" xmlns:x="urn:other"><r:channel><r:item><r:title>T</r:title>
       <x:description>wrong</x:description><r:description>right</r:description>
       <body xmlns="http://www.w3.org/1999/xhtml"><p>Body <a href="/x">link</a></p></body></r:item></r:channel></r:rss>`,
      { url: 'https://example.com/' },
    );
    expect(feed.items[0]).toMatchObject({ title: 'T', summaryHtml: 'right', contentHtml: '<p>Body <a href="/x">link</a></p>', baseUrl: 'https://example.com/' });
  });

  it('says wordpress when the generator is WordPress', () => {
    const feed = parseFeed(rss('', '<generator>https://wordpress.org/?v=6.5</generator>'), { url: null });
    expect(feed.kind).toBe('wordpress');
  });
});

describe('RDF (RSS 1.0 and 0.90)', () => {
  it('reads items beside the channel', () => {
    const feed = parseFeed(
      `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
       <channel rdf:about="https://example.com/"><title>RDF feed</title><link>https://example.com/</link></channel>
       <item rdf:about="https://example.com/1"><title>First</title><link>https://example.com/1</link><dc:date>2003-12-31T10:14:55Z</dc:date></item>
       </rdf:RDF>`,
      { url: null },
    );
    expect(feed).toMatchObject({ kind: 'rdf', title: 'RDF feed', siteUrl: 'https://example.com/' });
    expect(feed.items[0]).toMatchObject({ title: 'First', url: 'https://example.com/1', updatedAt: '2003-12-31T10:14:55.000Z' });
  });

  it('reads RSS 0.90', () => {
    const feed = parseFeed(
      `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://my.netscape.com/rdf/simple/0.9/">
       <channel><title>Old</title></channel><item><title>Item title</title><link>https://example.com/old</link></item></rdf:RDF>`,
      { url: null },
    );
    expect(feed.items[0]?.title).toBe('Item title');
  });
});

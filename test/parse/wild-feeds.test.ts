/**
 * Feeds as generators write them in the wild (issue 12): proxied links,
 * attribute names in the wrong case, JSON Feed version strings, localised
 * dates, podcast bodies, binary Atom content, feeds inside pages.
 */
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/core/errors.js';
import { parseDate, parseFeed } from '../../src/parse/index.js';
import { assertUsableFeed, parseEmbeddedFeed } from '../../src/parse/index.js';

const FB = 'xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0"';
const rss = (items: string, ns = '') => `<?xml version="1.0"?><rss version="2.0" ${ns}><channel><title>T</title>${items}</channel></rss>`;
const atom = (entries: string, ns = '') => `<feed xmlns="http://www.w3.org/2005/Atom" ${ns}><title>A</title>${entries}</feed>`;
const items = (xml: string, url: string | null = 'https://site.example/feed') => parseFeed(xml, { url }).items;

describe('canonical article URLs', () => {
  it('takes feedburner:origLink over the proxy link, in RSS and Atom', () => {
    const [item] = items(
      rss(
        `<item><title>P</title><link>https://feedproxy.google.com/~r/site/abc/~3/xyz/</link>
         <guid isPermaLink="false">tag:site,2026:1</guid><feedburner:origLink>https://site.example/2026/post</feedburner:origLink></item>`,
        FB,
      ),
    );
    expect(item?.url).toBe('https://site.example/2026/post');
    expect(item?.guid).toBe('tag:site,2026:1');
    const [entry] = items(
      atom(
        `<entry><id>urn:e1</id><link rel="alternate" href="http://feeds.feedburner.com/~r/site/~3/e1/"/>
         <feedburner:origLink>https://site.example/e1</feedburner:origLink></entry>`,
        FB,
      ),
    );
    expect(entry?.url).toBe('https://site.example/e1');
  });

  it('prefers an Atom alternate on the publisher over one through a feed proxy, whatever their order', () => {
    const [entry] = items(
      atom(`<entry><id>urn:e2</id><link href="https://feedproxy.google.com/~r/site/~3/e2/"/>
            <link rel="alternate" type="text/html" href="https://site.example/e2"/></entry>`),
    );
    expect(entry?.url).toBe('https://site.example/e2');
  });

  it('uses a permalink guid instead of a redirecting proxy link, but keeps an ordinary link', () => {
    const [proxied, ordinary] = items(
      rss(`<item><link>https://feeds.feedblitz.com/~/123/site~post</link><guid isPermaLink="true">https://site.example/post</guid></item>
           <item><link>https://site.example/a</link><guid>https://site.example/b</guid></item>`),
    );
    expect(proxied?.url).toBe('https://site.example/post');
    expect(ordinary?.url).toBe('https://site.example/a');
  });
});

describe('attribute names as XML defines them, with the misspellings readers accept', () => {
  it('reads isPermaLink="false" (and its lower-case misspelling) so the guid is not taken for a URL', () => {
    const [exact, lower, absent] = items(
      rss(`<item><guid isPermaLink="false">https://site.example/not-a-page</guid></item>
           <item><guid ispermalink="false">https://site.example/not-a-page-2</guid></item>
           <item><guid>https://site.example/page</guid></item>`),
    );
    expect(exact?.url).toBeNull();
    expect(lower?.url).toBeNull();
    expect(absent?.url).toBe('https://site.example/page');
  });

  it('reads MRSS fileSize and medium in their spec spelling and in lower case', () => {
    const [item] = items(
      rss(
        `<item><title>V</title><media:content url="https://cdn.example/v.mp4" fileSize="1234" medium="video" type="video/mp4"/>
         <media:content url="https://cdn.example/p.jpg" filesize="99" MEDIUM="image"/></item>`,
        'xmlns:media="http://search.yahoo.com/mrss/"',
      ),
    );
    expect(item?.enclosures.map((e) => [e.url, e.length])).toEqual([
      ['https://cdn.example/v.mp4', 1234],
      ['https://cdn.example/p.jpg', 99],
    ]);
    expect(item?.imageUrl).toBe('https://cdn.example/p.jpg');
  });
});

describe('media', () => {
  it('lists enclosures, Media RSS content (grouped or not) and thumbnails with type, length, medium and title', () => {
    const [item] = items(
      rss(
        `<item><title>Ep</title><enclosure url="/ep.mp3" length="100" type="audio/mpeg"/>
         <media:group><media:title>Trailer</media:title>
           <media:content url="https://cdn.example/t-720.mp4" type="video/mp4" fileSize="2048"/>
           <media:content url="https://cdn.example/t-1080.mp4" type="video/mp4" medium="video"><media:title>Trailer HD</media:title></media:content>
         </media:group>
         <media:thumbnail url="https://cdn.example/poster.jpg"/></item>`,
        'xmlns:media="http://search.yahoo.com/mrss/"',
      ),
    );
    expect(item?.enclosures).toEqual([
      { url: 'https://site.example/ep.mp3', type: 'audio/mpeg', length: 100, medium: 'audio', title: null },
      { url: 'https://cdn.example/t-720.mp4', type: 'video/mp4', length: 2048, medium: 'video', title: 'Trailer' },
      { url: 'https://cdn.example/t-1080.mp4', type: 'video/mp4', length: null, medium: 'video', title: 'Trailer HD' },
      { url: 'https://cdn.example/poster.jpg', type: null, length: null, medium: 'image', title: null },
    ]);
    expect(item?.imageUrl).toBe('https://cdn.example/poster.jpg');
  });
});

describe('JSON Feed versions and failures', () => {
  const doc = (version: string | undefined, extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      ...(version === undefined ? {} : { version }),
      title: 'J',
      items: [
        { id: '1', content_text: 'one', author: { name: 'Old Style' } },
        { id: '2', content_html: '<p>two</p>', authors: [{ name: 'New Style' }, { name: 'Second Author' }] },
      ],
      ...extra,
    });

  it.each([['https://jsonfeed.org/version/1'], ['https://jsonfeed.org/version/1.1'], ['1.1'], ['1'], [undefined]])(
    'reads a feed whose version is %s, with 1.0 author and 1.1 authors',
    (version) => {
      const feed = parseFeed(doc(version), { url: 'https://site.example/feed.json' });
      expect(feed.kind).toBe('json');
      expect(feed.items.map((i) => [i.guid, i.authors])).toEqual([
        ['1', ['Old Style']],
        ['2', ['New Style', 'Second Author']],
      ]);
    },
  );

  it('refuses a JSON Feed whose items cannot be read instead of reporting it empty', () => {
    const broken = JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'J', items: [42, 'x', null] });
    expect(() => parseFeed(broken, { url: null })).toThrow(ParseError);
    expect(() => parseFeed('{"version": "https://jsonfeed.org/version/1.1", "items": [', { url: null })).toThrow(/not valid JSON/);
    // An empty feed is a feed with nothing in it yet, not a failure.
    expect(parseFeed(JSON.stringify({ version: '1.1', title: 'J', items: [] }), { url: null }).items).toEqual([]);
  });
});

describe('dates', () => {
  it('gives an Atom entry that only has <updated> that date as publishedAt', () => {
    const [entry] = items(atom('<entry><id>urn:u</id><updated>2026-03-04T05:06:07Z</updated></entry>'));
    expect(entry?.publishedAt).toBe('2026-03-04T05:06:07.000Z');
    expect(entry?.updatedAt).toBe('2026-03-04T05:06:07.000Z');
  });

  it.each([
    ['Mo, 10 Nov 2026 10:00:00 +0100', '2026-11-10T09:00:00.000Z'],
    ['mer., 4 juil. 2026 08:00:00 +0200', '2026-07-04T06:00:00.000Z'],
    ['10 de noviembre de 2026 10:00 GMT', '2026-11-10T10:00:00.000Z'],
    ['sab, 3 mag 2025 10:00:00 +0200', '2025-05-03T08:00:00.000Z'],
    ['10. März 2026 10:00', '2026-03-10T10:00:00.000Z'],
    ['Κυρ, 11 Ιούλ 2004 12:00:00 EST', '2004-07-11T17:00:00.000Z'],
    ['2004-július-13T9:15-05:00', '2004-07-13T14:15:00.000Z'],
    ['2004년 05월 28일 01:31:15', '2004-05-27T16:31:15.000Z'],
    ['2004-05-25 오후 11:23:17', '2004-05-25T14:23:17.000Z'],
  ])('reads the localised date %s', (raw, iso) => {
    expect(parseDate(raw)).toBe(iso);
  });

  it('still refuses a month name it does not know rather than guessing', () => {
    expect(parseDate('10 Brumaire 2026')).toBeNull();
  });
});

describe('bodies', () => {
  const ns = 'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:media="http://search.yahoo.com/mrss/"';

  it('uses itunes:summary or media:description as the body when it is the only text', () => {
    const [podcast, video, both] = items(
      rss(
        `<item><title>Ep 1</title><description></description><itunes:summary>We talk about feeds.</itunes:summary></item>
         <item><title>Clip</title><media:group><media:description type="plain">A clip &lt;about&gt; parsing.</media:description></media:group></item>
         <item><title>Ep 2</title><description>Show notes</description><itunes:summary>Other text</itunes:summary></item>`,
        ns,
      ),
    );
    expect(podcast?.summaryHtml).toBe('We talk about feeds.');
    expect(video?.summaryHtml).toBe('A clip &lt;about&gt; parsing.');
    expect(both?.summaryHtml).toBe('Show notes');
  });

  it('does not publish Atom content of a non-text type as text, and falls back to the summary', () => {
    const [video, app] = items(
      atom(`<entry><id>urn:v</id><summary>About the video</summary><content type="video/mp4">AAAAGGZ0eXBtcDQy</content></entry>
            <entry><id>urn:z</id><content type="application/zip">UEsDBBQ=</content></entry>`),
    );
    expect(video?.contentHtml).toBeNull();
    expect(video?.summaryHtml).toBe('About the video');
    expect(app?.contentHtml).toBeNull();
  });

  it('treats Atom content with src= as out of line', () => {
    const [entry] = items(atom('<entry><id>urn:s</id><summary>Elsewhere</summary><content type="text/html" src="https://site.example/full"/></entry>'));
    expect(entry?.contentHtml).toBeNull();
    expect(entry?.summaryHtml).toBe('Elsewhere');
  });

  it('decodes base64 where RFC 4287 puts it (JSON content) and keeps JSON written as-is', () => {
    const encoded = Buffer.from('{"answer": 42}').toString('base64');
    const [b64, plain] = items(
      atom(`<entry><id>urn:j1</id><content type="application/json">${encoded}</content></entry>
            <entry><id>urn:j2</id><content type="application/json">{"answer": 43}</content></entry>`),
    );
    expect(b64?.contentHtml).toBe('{"answer": 42}');
    expect(plain?.contentHtml).toBe('{"answer": 43}');
  });
});

describe('a feed inside a page', () => {
  it('finds an Atom feed in the body of an XHTML page', () => {
    const page = `<!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml"><head><title>Page</title></head><body><div>
      <feed xmlns="http://www.w3.org/2005/Atom"><title>Embedded</title><entry><id>urn:x</id><title>Inside</title>
      <link href="https://site.example/inside"/></entry></feed></div></body></html>`;
    const feed = parseFeed(page, { url: 'https://site.example/page' });
    expect(feed.title).toBe('Embedded');
    expect(feed.items.map((i) => i.url)).toEqual(['https://site.example/inside']);
  });

  it('finds an RSS feed pasted in an HTML page, but not a page that merely has a <feed> widget', () => {
    const page = `<html><head><meta charset="utf-8"><title>x</title></head><body><p>Hello<br>
      <rss version="2.0"><channel><title>Pasted</title><item><title>One</title><guid>g1</guid></item></channel></rss></body></html>`;
    expect(parseEmbeddedFeed(page, { url: null })?.items.map((i) => i.title)).toEqual(['One']);
    const widget = '<html><body><feed class="timeline"><entry>not atom</entry></feed></body></html>';
    expect(parseEmbeddedFeed(widget, { url: null })).toBeNull();
    expect(() => parseFeed(widget, { url: null })).toThrow(/HTML page/);
  });
});

describe('broken XML: read leniently, but said so', () => {
  const doc = (body: string) => `<rss version="2.0"><channel><title>B</title>${body}</channel></rss>`;

  it.each([
    ['a bare ampersand', '<item><title>Fish & chips</title></item>', /bare "&"/],
    ['an undeclared entity', '<item><title>Caf&eacute;</title></item>', /undeclared entity "&eacute;"/],
    ['an element left open inside another', '<item><title>T</title><description><p>x</description></item>', /<p> not closed/],
    ['an end tag that closes nothing', '<item><title>T</title></span></item>', /end tag that closes nothing/],
  ])('notes %s and still reads the item', (_what, body, warning) => {
    const feed = parseFeed(doc(body), { url: null });
    expect(feed.items).toHaveLength(1);
    expect(feed.warning).toMatch(warning);
  });

  it('notes a truncated document and keeps the items before the cut', () => {
    const feed = parseFeed('<rss version="2.0"><channel><title>B</title><item><title>Whole</title></item><item><title>Cut', { url: null });
    expect(feed.items.map((i) => i.title)).toEqual(['Whole', 'Cut']);
    expect(feed.warning).toMatch(/never closed/);
  });

  it('says nothing about well-formed XML, declared entities, CDATA and self-closing elements', () => {
    const xml = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY brand "Feedloom">]><!-- </x> -->
      <rss version="2.0"><channel><title>&brand; &amp; co</title><item><title>T</title><enclosure url="https://x.example/a.mp3"/>
      <description><![CDATA[<p>a & b</b>]]></description></item></channel></rss>`;
    expect(parseFeed(xml, { url: null }).warning).toBeUndefined();
  });

  it('makes a broken document with nothing usable, or a feed of empty items, a failure naming the cause', () => {
    const nothing = parseFeed('<rss version="2.0"><channel><title>B</title><<<>>>', { url: null });
    expect(() => assertUsableFeed(nothing, 'https://x.example/feed')).toThrow(/^https:\/\/x\.example\/feed: The XML is not well-formed .* no item could be read/);
    const shells = parseFeed(doc('<item></item><item><guid>only-a-guid</guid></item>'), { url: null });
    expect(() => assertUsableFeed(shells, 'f')).toThrow(/none of its 2 item\(s\)/);
    expect(() => assertUsableFeed(parseFeed(doc(''), { url: null }), 'f')).not.toThrow();
    expect(() => parseFeed('   ', { url: null })).toThrow(expect.objectContaining({ code: 'EMPTY_DOCUMENT' }));
  });
});

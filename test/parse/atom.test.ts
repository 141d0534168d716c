import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../src/parse/index.js';

const atom = (entry: string, head = ''): string => `<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>${head}<entry>${entry}</entry></feed>`;
const first = (xml: string, url: string | null = null) => parseFeed(xml, { url }).items[0];

describe('Atom text constructs', () => {
  it('keeps type="text" literally: markup-like text is escaped, not interpreted', () => {
    const item = first(atom('<title>History of the &lt;blink&gt; tag</title><content type="text">a &lt;b&gt; c</content>'));
    expect(item?.title).toBe('History of the <blink> tag');
    expect(item?.contentHtml).toBe('a &lt;b&gt; c');
  });

  it('reads type="html" as escaped HTML and reduces an HTML title to its text', () => {
    const item = first(atom('<title type="html">Example &lt;b&gt;Atom&lt;/b&gt;</title><content type="html">&lt;p&gt;Hi&lt;/p&gt;</content>'));
    expect(item?.title).toBe('Example Atom');
    expect(item?.contentHtml).toBe('<p>Hi</p>');
  });

  it('reads type="xhtml" without the wrapping div, keeping escaped text escaped', () => {
    const item = first(atom('<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Example <b>Atom</b> &lt;tag&gt;</div></content>'));
    expect(item?.contentHtml).toBe('Example <b>Atom</b> &lt;tag&gt;');
  });

  it('decodes Atom 0.3 base64 content by its type', () => {
    const html = Buffer.from('<div>Example <b>Atom</b></div>').toString('base64');
    const item = first(
      `<feed version="0.3" xmlns="http://purl.org/atom/ns#"><entry><title type="text/html" mode="base64">${html}</title>
       <summary mode="base64">${Buffer.from('Example <b>Atom</b>').toString('base64')}</summary></entry></feed>`,
    );
    expect(item?.title).toBe('Example Atom');
    expect(item?.summaryHtml).toBe('Example &lt;b&gt;Atom&lt;/b&gt;');
  });

  it('takes only direct children: a nested title does not replace the entry title', () => {
    const item = first(atom('<image><title>Wrong</title></image><title>Right</title>'));
    expect(item?.title).toBe('Right');
  });
});

describe('Atom entries', () => {
  it('maps ids, alternate links, people, dates and categories', () => {
    const item = first(
      atom(`<id>tag:example.com,2024:1</id><link rel="enclosure" href="/a.mp3" type="audio/mpeg"/><link rel="alternate" type="text/html" href="/post"/>
            <author><name>Jane</name><email>jane@example.com</email></author><author><email>bob@example.com</email></author>
            <published>2010-01-01T19:48:21Z</published><updated>2010-01-02T00:00:00+02:00</updated>
            <category term="atom10"/><category term="x" label="X"/>`),
      'https://example.com/feed',
    );
    expect(item).toMatchObject({
      guid: 'tag:example.com,2024:1',
      url: 'https://example.com/post',
      authors: ['Jane', 'bob@example.com'],
      publishedAt: '2010-01-01T19:48:21.000Z',
      updatedAt: '2010-01-01T22:00:00.000Z',
      categories: ['atom10', 'x'],
    });
    expect(item?.enclosures).toEqual([{ url: 'https://example.com/a.mp3', type: 'audio/mpeg', length: null, medium: 'audio', title: null }]);
  });

  it('prefers the alternate link whatever its position, and accepts an Atom 0.3 link written as text', () => {
    const feed = parseFeed(
      `<feed version="0.3" xmlns="http://purl.org/atom/ns#">
        <entry><link rel="enclosure" type="text/html">http://example.com/enc</link><link rel="alternate" type="text/html">http://example.com/alt</link></entry>
        <entry><link rel="alternate" type="text/html">http://example.com/alt</link><link rel="enclosure" type="text/html">http://example.com/enc</link></entry>
      </feed>`,
      { url: null },
    );
    expect(feed.items.map((i) => i.url)).toEqual(['http://example.com/alt', 'http://example.com/alt']);
    expect(feed.items).toHaveLength(2);
  });
});

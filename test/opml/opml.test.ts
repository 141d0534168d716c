import { httpStatusOf } from '../../src/api/error-status.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FeedloomError } from '../../src/core/errors.js';
import { MAX_OUTLINES, parseOpml } from '../../src/opml/parse.js';
import { renderOpml } from '../../src/opml/render.js';

function opml(body: string, prolog = '<?xml version="1.0" encoding="UTF-8"?>'): string {
  return `${prolog}\n<opml version="2.0"><head><title>Subscriptions</title></head><body>${body}</body></opml>`;
}

function expectInvalidOpml(xml: string, message: RegExp): void {
  let thrown: unknown;
  try {
    parseOpml(xml);
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(FeedloomError);
  expect(thrown).toMatchObject({ code: 'INVALID_OPML' });
  expect(httpStatusOf(thrown as Error)).toBe(400);
  expect((thrown as Error).message).toMatch(message);
}

describe('parseOpml', () => {
  it('reads feeds with titles, site URLs and folder tags from nested outlines', () => {
    const result = parseOpml(
      opml(`
        <outline text="Top level" type="rss" xmlUrl="https://top.example/feed" htmlUrl="https://top.example/"/>
        <outline text="Tech">
          <outline text="Web" title="Web dev">
            <outline type="rss" text="Site A" xmlUrl="https://a.example/rss.xml" htmlUrl="https://a.example/"/>
          </outline>
          <outline type="atom" title="Site B" text="ignored when title exists" xmlUrl="http://b.example/atom"/>
        </outline>
        <outline text="Last" xmlUrl="https://c.example/feed"/>`),
    );
    expect(result.invalid).toEqual([]);
    expect(result.outlines).toEqual([
      { url: 'https://top.example/feed', title: 'Top level', siteUrl: 'https://top.example/', tags: [] },
      { url: 'https://a.example/rss.xml', title: 'Site A', siteUrl: 'https://a.example/', tags: ['Tech/Web dev'] },
      { url: 'http://b.example/atom', title: 'Site B', siteUrl: null, tags: ['Tech'] },
      { url: 'https://c.example/feed', title: 'Last', siteUrl: null, tags: [] },
    ]);
  });

  it('adds the category attribute’s entries to the folder tags, without duplicates', () => {
    const { outlines } = parseOpml(
      opml(`<outline text="News"><outline text="F" xmlUrl="https://f.example/" category="/News, /Harvard/Berkman,,Politics"/></outline>`),
    );
    expect(outlines[0]?.tags).toEqual(['News', 'Harvard/Berkman', 'Politics']);
  });

  it('reads attribute names in any case and decodes XML entities', () => {
    const { outlines } = parseOpml(
      opml(`<outline TEXT="Tom &amp; Jerry &#8211; &lt;3" XMLURL="https://t.example/feed?a=1&amp;b=2" HTMLURL="https://t.example"/>`),
    );
    expect(outlines).toEqual([
      { url: 'https://t.example/feed?a=1&b=2', title: 'Tom & Jerry – <3', siteUrl: 'https://t.example/', tags: [] },
    ]);
  });

  it('reports a feed outline without xmlUrl and skips plain text outlines', () => {
    const result = parseOpml(
      opml(`
        <outline type="rss" text="Broken" htmlUrl="https://broken.example/"/>
        <outline text="Just a note"/>
        <outline text="Fine" xmlUrl="https://fine.example/feed"/>`),
    );
    expect(result.outlines.map((o) => o.url)).toEqual(['https://fine.example/feed']);
    expect(result.invalid).toEqual([{ url: '', message: 'outline "Broken" of type "rss" has no xmlUrl' }]);
  });

  it('reports xmlUrls that are not http(s) URLs', () => {
    const result = parseOpml(
      opml(`
        <outline text="FTP" xmlUrl="ftp://files.example/feed"/>
        <outline text="Script" xmlUrl="javascript:alert(1)"/>
        <outline text="Relative" xmlUrl="/feed.xml"/>
        <outline text="Good" xmlUrl="https://good.example/feed"/>`),
    );
    expect(result.outlines.map((o) => o.url)).toEqual(['https://good.example/feed']);
    expect(result.invalid).toEqual([
      { url: 'ftp://files.example/feed', message: 'outline "FTP": xmlUrl is not an http(s) URL' },
      { url: 'javascript:alert(1)', message: 'outline "Script": xmlUrl is not an http(s) URL' },
      { url: '/feed.xml', message: 'outline "Relative": xmlUrl is not an http(s) URL' },
    ]);
  });

  it('drops a non-http htmlUrl rather than the feed', () => {
    const { outlines } = parseOpml(opml(`<outline text="X" xmlUrl="https://x.example/" htmlUrl="javascript:void(0)"/>`));
    expect(outlines[0]?.siteUrl).toBeNull();
  });

  it('keeps one entry per feed URL, merging the tags of every folder it is in', () => {
    const { outlines } = parseOpml(
      opml(`
        <outline text="A"><outline text="first" xmlUrl="https://dup.example/feed"/></outline>
        <outline text="B"><outline text="second" xmlUrl="https://dup.example/feed"/></outline>`),
    );
    expect(outlines).toEqual([{ url: 'https://dup.example/feed', title: 'first', siteUrl: null, tags: ['A', 'B'] }]);
  });

  it('returns nothing for an OPML document with an empty body', () => {
    expect(parseOpml(opml(''))).toEqual({ outlines: [], invalid: [] });
  });

  it('refuses a DOCTYPE and its entity declarations whole (billion laughs, external entities)', () => {
    const prolog = `<?xml version="1.0"?>
<!DOCTYPE opml [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY xxe SYSTEM "file:///etc/passwd">
]>`;
    expectInvalidOpml(opml(`<outline text="&lol3;" title="&xxe;" xmlUrl="https://bomb.example/feed"/>`, prolog), /DOCTYPE/);
    expectInvalidOpml(opml('<outline text="x" xmlUrl="https://a.example/"/>', '<?xml version="1.0"?><!DOCTYPE opml>'), /DOCTYPE/);
    // An undeclared entity is no reference at all.
    expectInvalidOpml(opml('<outline text="&lol;" xmlUrl="https://a.example/"/>'), /"&"/);
  });

  it('refuses documents that are not OPML', () => {
    expectInvalidOpml('', /no root element/);
    expectInvalidOpml('{"feeds": ["https://a.example/"]}', /text outside the root element/);
    expectInvalidOpml('<rss version="2.0"><channel><title>x</title></channel></rss>', /root element is <rss>/);
    expectInvalidOpml('<!doctype html><html><body><a href="/">x</a></body></html>', /DOCTYPE/);
    expectInvalidOpml('<html><body><a href="/">x</a></body></html>', /root element is <html>/);
    expectInvalidOpml('<opml version="2.0"><head/></opml>', /no <body>/);
  });

  it(`refuses more than ${MAX_OUTLINES} outlines`, () => {
    const outline = (i: number) => `<outline text="f${i}" xmlUrl="https://f.example/${i}"/>`;
    const atLimit = Array.from({ length: MAX_OUTLINES }, (_, i) => outline(i)).join('');
    expect(parseOpml(opml(atLimit)).outlines).toHaveLength(MAX_OUTLINES);
    expectInvalidOpml(opml(atLimit + outline(MAX_OUTLINES)), /more than 10000 outlines/);
  });

  it('walks deeply nested folders, and refuses nesting no subscription list has', () => {
    const nested = (depth: number) =>
      opml(`${'<outline text="d">'.repeat(depth)}<outline text="deep" xmlUrl="https://deep.example/"/>${'</outline>'.repeat(depth)}`);
    const { outlines } = parseOpml(nested(900));
    expect(outlines).toHaveLength(1);
    expect(outlines[0]?.tags).toEqual([Array(900).fill('d').join('/')]);
    expectInvalidOpml(nested(5_000), /nested more than 1000 deep/);
  });

  it('refuses whole what is not well-formed: truncated, mismatched, unquoted, stray markup', () => {
    const good = opml('<outline text="A" xmlUrl="https://a.example/feed"/><outline text="B" xmlUrl="https://b.example/feed"/>');
    expect(parseOpml(good).outlines).toHaveLength(2);
    for (const cut of [good.length - 1, good.length - 8, good.indexOf('<outline text="B"') + 10, good.indexOf('</body>')]) {
      expectInvalidOpml(good.slice(0, cut), /not well-formed/);
    }
    expectInvalidOpml(good.replace('</body>', '</bdy>'), /closes <body>/);
    expectInvalidOpml(good.replace('text="A"', 'text=A'), /not quoted/);
    expectInvalidOpml(good.replace('text="A"', 'text="A" text="A2"'), /appears twice/);
    expectInvalidOpml(good.replace('text="A"', 'text="A<"'), /inside an attribute/);
    expectInvalidOpml(good.replace('<head>', '<!ENTITY x "y"><head>'), /markup declaration/);
    expectInvalidOpml(`${good}<opml/>`, /second root/);
    expectInvalidOpml(good.replace('Subscriptions', 'Tom & Jerry'), /"&"/);
    expectInvalidOpml(good.replace('Subscriptions', 'bad \u0001 char'), /U\+0001/);
  });
});

describe('renderOpml', () => {
  it('writes an OPML 2.0 document with escaped attributes and text', () => {
    const xml = renderOpml(
      [
        { url: 'https://a.example/feed?x=1&y=2', title: 'Tom & "Jerry" <3', siteUrl: 'https://a.example/', tags: ['news', 'tech'] },
        { url: 'https://b.example/feed', title: null, siteUrl: null, tags: [] },
      ],
      'My <feeds> & more',
    );
    expect(xml).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        '  <head>',
        '    <title>My &lt;feeds&gt; &amp; more</title>',
        '  </head>',
        '  <body>',
        '    <outline type="rss" text="https://b.example/feed" xmlUrl="https://b.example/feed"/>',
        '    <outline text="news" title="news">',
        '      <outline type="rss" text="Tom &amp; &quot;Jerry&quot; &lt;3" title="Tom &amp; &quot;Jerry&quot; &lt;3" xmlUrl="https://a.example/feed?x=1&amp;y=2" htmlUrl="https://a.example/" category="tech"/>',
        '    </outline>',
        '  </body>',
        '</opml>',
        '',
      ].join('\n'),
    );
  });

  it('drops characters XML cannot carry and keeps line breaks as references', () => {
    const xml = renderOpml([{ url: 'https://a.example/', title: 'a\u0000b\u0007c\nd', siteUrl: null, tags: [] }], 't');
    expect(xml).toContain('title="abc&#10;d"');
    expect(parseOpml(xml).outlines[0]?.title).toBe('abc\nd');
  });

  it('turns a comma inside a tag into a space, since commas separate categories', () => {
    const xml = renderOpml([{ url: 'https://a.example/', title: 't', siteUrl: null, tags: ['x', 'a,b', ' ', 'c'] }], 't');
    expect(parseOpml(xml).outlines[0]?.tags).toEqual(['x', 'a b', 'c']);
  });

  it('round-trips through parseOpml', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 30 }).map((s) => s.trim()).filter((s) => s !== '');
    // A tag is a folder path: parts separated by '/', none empty or padded.
    const tag = text.filter((s) => !s.includes(',') && s.split('/').every((part) => part !== '' && part.trim() === part));
    const feed = fc.record({
      url: fc.webUrl({ withQueryParameters: true, withFragments: true }).map((u) => new URL(u).href),
      title: fc.option(text, { nil: null }),
      siteUrl: fc.option(fc.webUrl().map((u) => new URL(u).href), { nil: null }),
      tags: fc.uniqueArray(tag, { maxLength: 4 }),
    });
    fc.assert(
      fc.property(fc.uniqueArray(feed, { maxLength: 8, selector: (f) => f.url }), text, (feeds, title) => {
        const expected = feeds.map((f) => ({ ...f, title: f.title === f.url ? null : f.title }));
        // Feeds come back grouped by folder, so compare them by URL.
        const byUrl = (list: { url: string }[]) => [...list].sort((a, b) => (a.url < b.url ? -1 : 1));
        const parsed = parseOpml(renderOpml(feeds, title));
        expect(parsed.invalid).toEqual([]);
        expect(byUrl(parsed.outlines)).toEqual(byUrl(expected));
      }),
      { numRuns: 300 },
    );
  });
});

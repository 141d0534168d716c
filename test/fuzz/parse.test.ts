/**
 * Property tests of the parse stage: whatever bytes arrive (noise, or
 * XML-ish documents assembled from feed elements with broken markup, stray
 * entities, CDATA, xml:base and declared encodings), decodeFeedBytes +
 * parseFeed either refuse with a ParseError or return items that keep the
 * model's promises: a non-empty guid and a url that is null or absolute http(s).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/core/errors.js';
import type { ParsedFeed } from '../../src/core/model.js';
import { decodeFeedBytes, parseFeed } from '../../src/parse/index.js';
import { closingArb, element } from './markup.js';

const DOCUMENT_URLS = [null, 'https://feeds.example/blog/feed.xml', 'http://a.example', 'file:///tmp/feed.xml', 'not a url', 'javascript:alert(1)//'];

const CONTENT_TYPES = [
  null,
  'application/rss+xml',
  'application/xml; charset=utf-8',
  'text/xml; charset=ISO-8859-1',
  'application/atom+xml; charset="windows-1252"',
  'application/json; charset=utf-16',
  'text/xml; charset=utf-32be',
  'text/xml; charset=shift_jis',
  'text/xml; charset=bogus-9',
  'text/html; charset=',
];

/** Everything the parse stage may do with one document; anything it throws but a ParseError fails the property. */
function parseBytes(bytes: Uint8Array, contentType: string | null, url: string | null): ParsedFeed | null {
  try {
    const text = decodeFeedBytes(bytes, contentType);
    expect(typeof text).toBe('string');
    return parseFeed(text, { url, maxItems: 50 });
  } catch (err) {
    if (err instanceof ParseError) return null;
    throw err;
  }
}

function isAbsoluteHttpUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.href === url;
  } catch {
    return false;
  }
}

function checkFeed(feed: ParsedFeed | null): void {
  if (!feed) return;
  expect(Array.isArray(feed.items)).toBe(true);
  for (const item of feed.items) {
    expect(typeof item.guid).toBe('string');
    expect(item.guid.trim()).not.toBe('');
    if (item.url !== null) expect(isAbsoluteHttpUrl(item.url), `item url ${JSON.stringify(item.url)}`).toBe(true);
  }
}

// ---------------------------------------------------------------------------------------------
// XML-ish documents

const ELEMENT_NAMES = [
  'rss', 'channel', 'item', 'feed', 'entry', 'title', 'link', 'guid', 'id', 'description', 'content:encoded', 'summary', 'content',
  'rdf:RDF', 'atom:link', 'atom:id', 'author', 'name', 'pubDate', 'updated', 'enclosure', 'media:thumbnail', 'div', 'p', 'a', 'img',
  'script', 'dc:identifier', 'xhtml:body',
];

const URLISH = [
  'https://example.com/post/1', 'http://example.com/a?b=1&c=2', '/relative/path', 'relative', '../up', '//proto.example/x', '#frag', '?q',
  'javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,<b>x</b>', 'vbscript:msgbox', 'mailto:a@example.com', 'ftp://files.example/x',
  'file:///etc/passwd', 'urn:uuid:1234', 'tag:example.com,2024:1', 'http://', 'https://[::1', 'http://exa mple.com/', ' ', '', 'http:relative',
  'https:////double', '\u0000http://nul.example/', 'http://xn--n3h.example/', 'http://%41.example/', 'about:blank',
];

const ATTRIBUTE_NAMES = ['xml:base', 'type', 'mode', 'href', 'rel', 'isPermaLink', 'url', 'xmlns', 'xmlns:atom', 'xmlns:content', 'xml:lang', 'version', 'src', 'length'];

const ATTRIBUTE_VALUES = [
  ...URLISH, 'html', 'xhtml', 'text', 'text/html', 'text/plain', 'application/xhtml+xml', 'escaped', 'base64', 'alternate', 'enclosure', 'false', 'true',
  'http://www.w3.org/2005/Atom', 'http://purl.org/rss/1.0/', 'http://purl.org/rss/1.0/modules/content/', 'image/png', 'en', '2.0', '&amp;', '&foo;', '"', "'", '<',
];

const TEXT_TOKENS = [
  'hello', 'Tom & Jerry', '&amp;', '&lt;b&gt;bold&lt;/b&gt;', '&foo;', '&#x41;', '&#xD800;', '&#x110000;', '&#0;', '&#226;&#128;&#166;', '&nbsp;', '&',
  '<', '>', '<![CDATA[ <p>raw & </p> ]]>', '<![CDATA[', ']]>', '<!-- comment -->', '<!--', '<?pi x?>', '\u0001', '\uFFFE', '\uD800', '\u00e9', '  \n\t ',
  '<p>para</p>', '<br/>', '</item>', '</entry>', '<item>', '<entry>', 'Mon, 01 Jan 2024 10:00:00 GMT', '2024-01-01T10:00:00Z', '&lang;x&rang;',
  '<a href="javascript:alert(1)">x</a>', ...URLISH,
];

const DECLARED_ENCODINGS = ['utf-8', 'UTF-8', 'iso-8859-1', 'windows-1252', 'utf-16', 'UTF-32', 'shift_jis', 'koi8-r', 'us-ascii', 'bogus', 'ucs-4', 'x-mac-roman'];

const attributeArb = fc
  .tuple(
    fc.constantFrom(...ATTRIBUTE_NAMES),
    fc.oneof(fc.constantFrom(...ATTRIBUTE_VALUES), fc.string({ maxLength: 12 })),
    fc.constantFrom('"', "'", ''),
  )
  .map(([name, value, quote]) => ` ${name}=${quote}${value}${quote}`);

const xmlArb = fc.letrec<{ node: string; element: string; text: string }>((tie) => ({
  text: fc.oneof(fc.constantFrom(...TEXT_TOKENS), fc.string({ maxLength: 16 })),
  element: fc
    .tuple(
      fc.constantFrom(...ELEMENT_NAMES),
      fc.array(attributeArb, { maxLength: 3 }),
      fc.array(tie('node'), { maxLength: 5 }),
      closingArb,
      fc.constantFrom(...ELEMENT_NAMES),
    )
    .map(([name, attrs, children, closing, other]) => element(name, attrs, children.join(''), closing, other)),
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, tie('text'), tie('element'), tie('element')),
})).node;

/** A field of an item or channel (title, link, guid, content...) holding text, CDATA or random markup. */
const fieldArb = fc
  .tuple(
    fc.constantFrom(...ELEMENT_NAMES.filter((name) => !['rss', 'channel', 'feed', 'rdf:RDF'].includes(name))),
    fc.array(attributeArb, { maxLength: 3 }),
    fc.array(fc.oneof(fc.constantFrom(...TEXT_TOKENS), fc.constantFrom(...TEXT_TOKENS), xmlArb), { maxLength: 4 }),
    closingArb,
    fc.constantFrom(...ELEMENT_NAMES),
  )
  .map(([name, attrs, content, closing, other]) => element(name, attrs, content.join(''), closing, other));

const itemArb = fc
  .tuple(
    fc.constantFrom('item', 'entry', 'atom:entry'),
    fc.array(attributeArb, { maxLength: 2 }),
    fc.array(fc.oneof(fieldArb, fieldArb, fieldArb, xmlArb), { maxLength: 7 }),
    closingArb,
    fc.constantFrom(...ELEMENT_NAMES),
  )
  .map(([name, attrs, fields, closing, other]) => element(name, attrs, fields.join('\n'), closing, other));

/** A whole feed: optional BOM and XML declaration, a DOCTYPE with entities, a feed root holding fields, items and noise. */
const documentArb = fc
  .record({
    bom: fc.boolean(),
    declaration: fc.option(fc.constantFrom(...DECLARED_ENCODINGS), { nil: undefined }),
    doctype: fc.constantFrom('', '<!DOCTYPE rss [<!ENTITY foo "bar &amp; baz"><!ENTITY x SYSTEM "file:///etc/passwd">]>', '<!DOCTYPE html>'),
    root: fc.constantFrom(
      '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:atom="http://www.w3.org/2005/Atom"><channel>',
      '<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://base.example/dir/">',
      '<feed version="0.3" xmlns="http://purl.org/atom/ns#">',
      '<feed>',
      '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel>',
      '<channel>',
      '<rss><channel xml:base="javascript:alert(1)">',
      '',
    ),
    nodes: fc.array(fc.oneof(itemArb, itemArb, fieldArb, xmlArb), { maxLength: 8 }),
    close: fc.boolean(),
    encodeAs: fc.constantFrom('utf8', 'utf8', 'latin1', 'utf16le'),
  })
  .map(({ bom, declaration, doctype, root, nodes, close, encodeAs }) => {
    const prolog = declaration === undefined ? '' : `<?xml version="1.0" encoding="${declaration}"?>\n`;
    const rootName = /^<([\w:]+)/.exec(root)?.[1];
    const text = `${prolog}${doctype}${root}${nodes.join('\n')}${close && rootName ? `</${rootName}>` : ''}`;
    const body = Buffer.from(text, encodeAs as BufferEncoding);
    const prefix = !bom ? [] : encodeAs === 'utf16le' ? [0xff, 0xfe] : [0xef, 0xbb, 0xbf];
    return Uint8Array.from([...prefix, ...body]);
  });

/** JSON Feeds with item fields of any type, and URLs of every kind. */
const jsonFeedArb = fc
  .record({
    version: fc.constantFrom('https://jsonfeed.org/version/1.1', 'https://jsonfeed.org/version/1'),
    feed_url: fc.option(fc.constantFrom(...URLISH), { nil: undefined }),
    items: fc.array(
      fc.record(
        {
          id: fc.oneof(fc.constantFrom(...URLISH), fc.string(), fc.integer(), fc.constant(null), fc.constant('   ')),
          url: fc.oneof(fc.constantFrom(...URLISH), fc.jsonValue()),
          external_url: fc.constantFrom(...URLISH),
          title: fc.oneof(fc.constantFrom(...TEXT_TOKENS), fc.jsonValue()),
          content_html: fc.oneof(fc.constantFrom(...TEXT_TOKENS), fc.jsonValue()),
          content_text: fc.string(),
          date_published: fc.oneof(fc.string(), fc.constant('2024-01-01T00:00:00Z')),
        },
        { requiredKeys: [] },
      ),
      { maxLength: 6 },
    ),
  })
  .map((feed) => new TextEncoder().encode(JSON.stringify(feed)));

describe('parse fuzz', () => {
  it('arbitrary bytes: only ParseError, items keep the model promises', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), fc.constantFrom(...CONTENT_TYPES), fc.constantFrom(...DOCUMENT_URLS), (bytes, contentType, url) => {
        checkFeed(parseBytes(bytes, contentType, url));
      }),
      { numRuns: 600 },
    );
  });

  it('bytes after a feed-looking start: only ParseError, items keep the model promises', () => {
    const starts = ['<rss><channel><item>', '<feed><entry>', '\uFEFF<?xml version="1.0"?><rdf:RDF><item>', '{"version":"https://jsonfeed.org/version/1","items":['];
    fc.assert(
      fc.property(fc.constantFrom(...starts), fc.uint8Array({ maxLength: 2048 }), fc.constantFrom(...CONTENT_TYPES), (start, tail, contentType) => {
        const bytes = Uint8Array.from([...new TextEncoder().encode(start), ...tail]);
        checkFeed(parseBytes(bytes, contentType, 'https://feeds.example/feed'));
      }),
      { numRuns: 400 },
    );
  });

  it('XML-ish feed documents: only ParseError, items keep the model promises', () => {
    fc.assert(
      fc.property(documentArb, fc.constantFrom(...CONTENT_TYPES), fc.constantFrom(...DOCUMENT_URLS), (bytes, contentType, url) => {
        checkFeed(parseBytes(bytes, contentType, url));
      }),
      { numRuns: 1000 },
    );
  });

  it('pathological repetition and nesting: only ParseError (no time limit here: speed belongs to npm run bench)', () => {
    // Tokens a regex or a recursive walk could choke on, repeated up to ~100 KB, alone or inside a feed.
    const tokens = ['<item>', '<rss>', '<div>', '<b>', '<a ', '<!DOCTYPE a[', '<!--', '<?', '&#226;', '&amp;', '&', '<![CDATA[', ']]>', '<title>', '\u0001', '<x:y xmlns:x="u">'];
    const wraps: Array<(body: string) => string> = [
      (body) => body,
      (body) => `<rss><channel><item><description>${body}</description></item></channel></rss>`,
      (body) => `<rss><channel><item><description><![CDATA[${body}]]></description></item></channel></rss>`,
      (body) => `<feed xmlns="http://www.w3.org/2005/Atom"><entry><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">${body}</div></content></entry></feed>`,
      (body) => `<rss><channel><title>${body}</title><item><title>${body}</title></item></channel></rss>`,
    ];
    fc.assert(
      fc.property(fc.constantFrom(...tokens), fc.integer({ min: 1_000, max: 12_000 }), fc.constantFrom(...wraps), (token, times, wrap) => {
        checkFeed(parseBytes(new TextEncoder().encode(wrap(token.repeat(times))), null, 'https://feeds.example/feed'));
      }),
      { numRuns: 40 },
    );
  });

  it('JSON Feeds with values of any type: only ParseError, items keep the model promises', () => {
    fc.assert(
      fc.property(jsonFeedArb, fc.constantFrom(...DOCUMENT_URLS), (bytes, url) => {
        checkFeed(parseBytes(bytes, 'application/feed+json', url));
      }),
      { numRuns: 400 },
    );
  });
});

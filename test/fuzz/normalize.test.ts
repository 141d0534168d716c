/**
 * Property tests of the normalize stage: hostile HTML (random trees of
 * scripts, frames, objects, SVG/MathML, forms, event handlers, obfuscated
 * javascript:/vbscript:/data: URLs, CSS expressions, malformed tags) as an
 * item's content or summary never makes normalizeItem throw, and what comes
 * out is safe. Safety is judged on the parsed output (htmlparser2, decoding
 * entities as a browser does), not by matching its text.
 */
import fc from 'fast-check';
import type { ChildNode } from 'domhandler';
import { decodeHTML } from 'entities';
import { parseDocument } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import type { FeedItem } from '../../src/core/model.js';
import { normalizeItem, type NormalizeContext } from '../../src/normalize/index.js';
import { sanitizeHtml } from '../../src/normalize/sanitize.js';
import { parseFeed } from '../../src/parse/index.js';
import { context, feedItem as item } from '../normalize/helpers.js';
import { closingArb, element } from './markup.js';

const FORBIDDEN_ELEMENTS = new Set([
  'script', 'style', 'iframe', 'object', 'embed', 'form', 'base', 'meta', 'link', 'frame', 'frameset', 'applet',
  // Raw-text containers: a browser reads their content as text up to the first closing tag, where htmlparser2 (and
  // so this checker) reads markup, and dom-serializer writes their text unescaped. Content that is harmless to one
  // reading can break out in the other (<noscript><p title="</noscript><img onerror=…>">), so none may remain.
  'noscript', 'xmp', 'plaintext', 'noembed', 'noframes', 'template',
]);
const URL_ATTRIBUTES = new Set([
  'href', 'src', 'action', 'formaction', 'xlink:href', 'poster', 'background', 'cite', 'data', 'codebase', 'dynsrc', 'lowsrc', 'srcset',
]);
const UNSAFE_SCHEMES = ['javascript:', 'vbscript:', 'data:'];

/** A URL as a browser reads it: entities already decoded by the parser; whitespace and control characters dropped, lower case. */
function urlForScheme(value: string): string {
  return value.replace(/[\u0000-\u0020\u007f-\u009f]/g, '').toLowerCase();
}

/** An iframe may stay only when embeds are allowed and it shows an https page of an allowed host. */
function iframeAllowed(src: string | undefined, embedHosts: string[]): boolean {
  if (src === undefined) return false;
  try {
    const url = new URL(src);
    return url.protocol === 'https:' && embedHosts.includes(url.hostname);
  } catch {
    return false;
  }
}

/** What makes `html` unsafe to show, one line per problem; empty when it is safe. */
function unsafeParts(html: string, embedHosts: string[] = []): string[] {
  const problems: string[] = [];
  const visit = (nodes: ChildNode[]): void => {
    for (const node of nodes) {
      if (node.type === 'cdata' || node.type === 'directive') problems.push(`${node.type} node`);
      if (!('attribs' in node)) {
        if ('children' in node) visit(node.children);
        continue;
      }
      const embed = node.name === 'iframe' && iframeAllowed(node.attribs['src'], embedHosts);
      if (FORBIDDEN_ELEMENTS.has(node.name) && !embed) problems.push(`<${node.name}>`);
      for (const [name, value] of Object.entries(node.attribs)) {
        if (name.startsWith('on')) problems.push(`${node.name}[${name}]`);
        if (name === 'srcdoc') problems.push(`${node.name}[srcdoc]`);
        if (URL_ATTRIBUTES.has(name)) {
          // srcset holds several URLs; any of them counts.
          const urls = name === 'srcset' ? value.split(',').map((candidate) => candidate.trim().split(/\s+/)[0] ?? '') : [value];
          for (const url of urls) {
            const scheme = UNSAFE_SCHEMES.find((s) => urlForScheme(url).startsWith(s));
            if (scheme) problems.push(`${node.name}[${name}=${JSON.stringify(value)}]`);
          }
        }
        if (name === 'style') {
          const css = urlForScheme(value.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\\/g, ''));
          if (css.includes('expression(') || css.includes('javascript:')) problems.push(`${node.name}[style=${JSON.stringify(value)}]`);
        }
      }
      visit(node.children);
    }
  };
  visit(parseDocument(html, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true }).children);
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Hostile HTML

const TAGS = [
  'p', 'div', 'span', 'a', 'img', 'b', 'ul', 'li', 'table', 'td', 'blockquote', 'pre', 'h2', 'figure', 'video', 'source', 'picture', 'area', 'map',
  'script', 'style', 'iframe', 'object', 'embed', 'param', 'svg', 'math', 'use', 'animate', 'set', 'foreignObject', 'maction', 'image',
  'form', 'input', 'button', 'select', 'option', 'textarea', 'keygen', 'isindex', 'noscript', 'template', 'base', 'meta', 'link', 'frame',
  'frameset', 'applet', 'xmp', 'plaintext', 'noembed', 'title', 'body', 'html', 'head', 'SCRIPT', 'ScRiPt', 'IFRAME', 'Svg',
];

const UNSAFE_URLS = [
  'javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:alert(1)', '\tjavascript:alert(1)', 'jav&#x09;ascript:alert(1)', 'jav&#9;ascript:alert(1)',
  'jav&#x0A;ascript:alert(1)', 'jav&Tab;ascript:alert(1)', '&#106;avascript:alert(1)', '&#x6A;&#x61;&#x76;&#x61;script:alert(1)', 'javascript&colon;alert(1)',
  'javascript&#58;alert(1)', 'java\nscript:alert(1)', '\u0001javascript:alert(1)', 'vbscript:msgbox(1)', 'VBScript:msgbox(1)', 'vb&#x73;cript:x',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==', 'data:image/png;base64,iVBORw0KGgo=', 'DATA:image/svg+xml,<svg onload=alert(1)>',
  'd&#x61;ta:text/html,x', 'javascript://%0aalert(1)', 'jAvAsCrIpT&#x3A;alert(1)', '&#0000106avascript:alert(1)', 'javascript\u0000:alert(1)',
];

const SAFE_URLS = [
  'https://example.com/a', 'http://example.com/b?x=1&amp;y=2', '/relative', 'relative.html', '#frag', '//cdn.example/x.png', 'mailto:a@example.com',
  'https://www.youtube.com/embed/x', '//www.youtube.com/embed/x', 'http://www.youtube.com/embed/x', 'https://www.youtube.com.evil.example/x',
];

const STYLES = [
  'color:red', 'width:expression(alert(1))', 'background:url(javascript:alert(1))', 'background:url("javascript:alert(1)")',
  'x:expr/**/ession(alert(1))', 'behavior:url(x.htc)', 'background-image:url(data:image/png;base64,AAAA)', 'xss:\\65xpression(alert(1))',
];

const EVENT_NAMES = ['onclick', 'onload', 'onerror', 'OnMouseOver', 'ONFOCUS', 'onBegin', 'onanimationstart', 'oNlOaD'];

const attributeArb: fc.Arbitrary<string> = fc
  .oneof(
    fc.tuple(fc.constantFrom('href', 'src', 'action', 'formaction', 'xlink:href', 'poster', 'background', 'data', 'srcset', 'cite', 'lowsrc', 'HREF', 'SRC'), fc.constantFrom(...UNSAFE_URLS, ...UNSAFE_URLS, ...SAFE_URLS)),
    fc.tuple(fc.constantFrom(...EVENT_NAMES), fc.constantFrom('alert(1)', 'javascript:alert(1)', '')),
    fc.tuple(fc.constant('style'), fc.constantFrom(...STYLES)),
    fc.tuple(fc.constantFrom('http-equiv', 'content'), fc.constantFrom('refresh', '0;url=javascript:alert(1)', '0; URL=data:text/html,x')),
    fc.tuple(fc.constantFrom('width', 'height'), fc.constantFrom('1', '0', '1px', '100')),
    fc.tuple(fc.constantFrom('class', 'id', 'title', 'alt', 'type', 'rel', 'name', 'attributeName', 'to', 'values', 'srcdoc'), fc.constantFrom('x', 'href', 'javascript:alert(1)', 'stylesheet', '<script>alert(1)</script>', 'share')),
  )
  .chain(([name, value]) =>
    fc.constantFrom(` ${name}="${value}"`, ` ${name}='${value}'`, ` ${name}=${value.replace(/\s/g, '')}`, ` ${name}="${value.replace(/"/g, '&quot;')}"`, ` ${name}`),
  );

const RAW_SNIPPETS = [
  '<script>alert(1)</script>', '<scr<script>ipt>alert(1)</script>', '<<script>alert(1)//<</script>', '<img src=x onerror=alert(1)//',
  '<svg/onload=alert(1)>', '<a href="javascript:alert(1)">x</a>', '<!-- <script>alert(1)</script> -->', '<!--[if IE]><script>alert(1)</script><![endif]-->',
  '<![CDATA[<script>alert(1)</script>]]>', '</p>', '<p', '<', '>', '&', '&amp;', '&lt;script&gt;', '<!DOCTYPE html>', '<?xml version="1.0"?>',
  '<iframe src="javascript:alert(1)"></iframe>', '<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">x</maction></math>',
  '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>', '<svg><set attributeName="href" to="javascript:alert(1)"/></svg>',
  '<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">go</button></form>', '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<base href="javascript:alert(1)//">', '<link rel="stylesheet" href="javascript:alert(1)">', '<object data="javascript:alert(1)"></object>',
  '<embed src="data:image/svg+xml,<svg onload=alert(1)>">', '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
  '<template><script>alert(1)</script></template>', '<style>@import "javascript:alert(1)";</style>', '<img src="https://t.example/p.gif" width="1" height="1">',
  '<iframe src="https://www.youtube.com/embed/x" onload="alert(1)" srcdoc="<script>alert(1)</script>"></iframe>',
  '<iframe src="javascript://www.youtube.com/%0aalert(1)"></iframe>', '<xmp><script>alert(1)</script></xmp>', '<textarea><script>alert(1)</script></textarea>', '<title><script>alert(1)</script></title>',
  '<div style="background:url(javascript:alert(1))">x</div>', '<a href="jav&#x09;ascript:alert(1)">x</a>', '<plaintext>', '\u0000', '<a href=javascript:alert(1)>x',
];

const WORDS = ['Hello', 'world', 'Tom & Jerry', 'AT&T', 'caf\u00e9', 'news', 'story', '5 < 6', 'a > b', '&nbsp;', '\u00a0', '  ', '\n', 'Read more'];

const htmlArb = fc.letrec<{ node: string; element: string }>((tie) => ({
  element: fc
    .tuple(fc.constantFrom(...TAGS), fc.array(attributeArb, { maxLength: 4 }), fc.array(tie('node'), { maxLength: 4 }), closingArb, fc.constantFrom(...TAGS))
    .map(([tag, attrs, children, closing, other]) => element(tag, attrs, children.join(''), closing, other)),
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...WORDS),
    fc.constantFrom(...RAW_SNIPPETS),
    fc.string({ maxLength: 8 }).map((s) => `<!--${s}-->`),
    fc.string({ maxLength: 8 }).map((s) => `<![CDATA[${s}]]>`),
    tie('element'),
    tie('element'),
  ),
})).node;

const documentArb = fc.array(htmlArb, { minLength: 1, maxLength: 6 }).map((nodes) => nodes.join(''));

const CONTEXT: NormalizeContext = context();

/** The item's HTML placed as content, as summary, or both. */
const placementArb = fc.constantFrom('content', 'summary', 'both', 'summary-and-safe-content');

function itemWith(html: string, placement: string): FeedItem {
  if (placement === 'content') return item({ contentHtml: html });
  if (placement === 'summary') return item({ summaryHtml: html });
  if (placement === 'both') return item({ contentHtml: html, summaryHtml: html });
  return item({ contentHtml: '<p>Plain body.</p>', summaryHtml: html });
}

describe('the safety checker', () => {
  it('flags what it must, however it is spelled', () => {
    const unsafe = [
      '<a href="jav&#x09;ascript:alert(1)">x</a>', '<a href="&#106;avascript:alert(1)">x</a>', '<a href=" JAVASCRIPT:alert(1)">x</a>',
      '<img src="data:image/png;base64,AAAA">', '<a href="vbscript:x">x</a>', '<div onclick="x">x</div>', '<p OnLoad="x">x</p>',
      '<p style="width:expr/**/ession(1)">x</p>', '<p style="background:url(JavaScript:x)">x</p>', '<svg><a xlink:href="javascript:x">x</a></svg>',
      '<form><input></form>', '<iframe src="https://www.youtube.com/embed/x"></iframe>', '<script>x</script>', '<style>p{}</style>', '<base href="/">',
      '<meta http-equiv="refresh">', '<link rel="stylesheet">', '<object></object>', '<embed>', '<button formaction="javascript:x">x</button>',
      '<img srcset="https://ok.example/a.png 1x, javascript:x 2x">', '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></p></noscript>',
    ];
    for (const html of unsafe) expect(unsafeParts(html), html).not.toEqual([]);
    expect(unsafeParts('<iframe src="https://www.youtube.com/embed/x"></iframe>', ['www.youtube.com'])).toEqual([]);
    expect(unsafeParts('<p><a href="https://example.com/?a=1&amp;b=2">x</a> <img src="/x.png"> Tom &amp; Jerry</p>')).toEqual([]);
  });
});

describe('sanitize fuzz', () => {
  it('sanitizeHtml output is safe, and safe again when sanitized twice', () => {
    fc.assert(
      fc.property(documentArb, (html) => {
        const once = sanitizeHtml(html, { embedHosts: [] });
        expect(unsafeParts(once), once).toEqual([]);
        expect(unsafeParts(sanitizeHtml(once, { embedHosts: [] }))).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });

  it('with embeds allowed, only https iframes of the listed hosts stay, and they carry nothing unsafe', () => {
    const embedHosts = ['www.youtube.com', 'player.vimeo.com'];
    fc.assert(
      fc.property(documentArb, (html) => {
        const clean = sanitizeHtml(html, { embedHosts });
        expect(unsafeParts(clean, embedHosts), clean).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });
});

describe('normalize fuzz', () => {
  it('hostile HTML as content or summary: normalizeItem never throws and its contentHtml is safe', async () => {
    await fc.assert(
      fc.asyncProperty(documentArb, placementArb, async (html, placement) => {
        const article = await normalizeItem(itemWith(html, placement), CONTEXT);
        expect(unsafeParts(article.contentHtml), article.contentHtml).toEqual([]);
        expect(typeof article.contentText).toBe('string');
        expect(typeof article.summary).toBe('string');
      }),
      { numRuns: 800 },
    );
  });

  // Its cost is measured by bench/normalize.ts (deepNesting20kMsPerArticle): a time limit here would fail on a busy machine, not on a slow cleaner.
  it('deeply nested markup: normalizeItem does not overflow the stack', async () => {
    // Feeds come through the parse stage, which flattens nesting past 100 levels; page content (full text) does not.
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('div', 'span', 'b', 'blockquote', 'section', 'em'), fc.integer({ min: 5_000, max: 20_000 }), placementArb, async (tag, depth, placement) => {
        const article = await normalizeItem(itemWith(`${`<${tag}>`.repeat(depth)}deep text`, placement), CONTEXT);
        expect(typeof article.contentHtml).toBe('string');
      }),
      // A failing run already names the tag and depth; shrinking would rerun multi-second cases for nothing.
      { numRuns: 10, endOnFailure: true },
    );
  });

  it('a plain & in the text stays one & in contentText (no double encoding)', async () => {
    const words = ['Tom', 'Jerry', 'AT&T', '&', 'R&D', 'alpha', 'beta', '5', 'Q&A', 'x&y;z', '&&', 'rock&roll'];
    // Every paragraph has a word: one of only punctuation is an empty block, which the cleaner rightly drops.
    const textArb = fc
      .tuple(fc.constantFrom('Tom', 'alpha', 'news'), fc.array(fc.constantFrom(...words), { maxLength: 12 }))
      .map(([first, rest]) => [first, ...rest].join(' '));
    const shapeArb = fc.constantFrom('raw', 'escaped', 'nested', 'br');
    await fc.assert(
      fc.asyncProperty(fc.array(textArb, { minLength: 1, maxLength: 4 }), shapeArb, placementArb, async (paragraphs, shape, placement) => {
        // `raw` writes the & as-is (lenient HTML), `escaped` as &amp;: both mean one literal &.
        const escape = (text: string): string => (shape === 'raw' ? text : text.replace(/&/g, '&amp;'));
        const html =
          shape === 'nested'
            ? `<div>${paragraphs.map((p) => `<p><b>${escape(p)}</b></p>`).join('')}</div>`
            : shape === 'br'
              ? paragraphs.map(escape).join('<br><br>')
              : paragraphs.map((p) => `<p>${escape(p)}</p>`).join('\n');
        const article = await normalizeItem(itemWith(html, placement), CONTEXT);
        const expected = decodeHTML(paragraphs.map(escape).join(' '));
        const found = placement === 'summary-and-safe-content' ? article.summary : article.contentText;
        expect(found, found).not.toMatch(/&(amp|#0*38|#x0*26);/i);
        expect(found.split('&').length, found).toBe(expected.split('&').length);
      }),
      { numRuns: 400 },
    );
  });

  it('a plain & in a feed stays one & through parse and normalize, whatever the element type', async () => {
    const words = ['Tom', 'Jerry', 'AT&T', '&', 'R&D', 'alpha', 'Q&A', 'rock&roll', '&&'];
    const textArb = fc
      .tuple(fc.constantFrom('Tom', 'alpha', 'news'), fc.array(fc.constantFrom(...words), { maxLength: 10 }))
      .map(([first, rest]) => [first, ...rest].join(' '));
    const xmlEscape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
    // Each way a feed can carry the text; all of them mean the same words with literal &s.
    const carriers: Record<string, (text: string) => string> = {
      rssEscaped: (t) => `<rss><channel><item><description>${xmlEscape(t)}</description></item></channel></rss>`,
      rssCdataText: (t) => `<rss><channel><item><description><![CDATA[${t}]]></description></item></channel></rss>`,
      rssCdataHtml: (t) => `<rss><channel><item><description><![CDATA[<p>${xmlEscape(t)}</p>]]></description></item></channel></rss>`,
      rssEncoded: (t) => `<rss><channel><item><content:encoded>${xmlEscape(`<p>${xmlEscape(t)}</p>`)}</content:encoded></item></channel></rss>`,
      atomText: (t) => `<feed xmlns="http://www.w3.org/2005/Atom"><entry><content type="text">${xmlEscape(t)}</content></entry></feed>`,
      atomHtml: (t) => `<feed xmlns="http://www.w3.org/2005/Atom"><entry><content type="html">${xmlEscape(`<p>${xmlEscape(t)}</p>`)}</content></entry></feed>`,
      atomXhtml: (t) =>
        `<feed xmlns="http://www.w3.org/2005/Atom"><entry><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>${xmlEscape(t)}</p></div></content></entry></feed>`,
      jsonText: (t) => JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', items: [{ id: '1', content_text: t }] }),
      jsonHtml: (t) => JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', items: [{ id: '1', content_html: `<p>${xmlEscape(t)}</p>` }] }),
    };
    await fc.assert(
      fc.asyncProperty(textArb, fc.constantFrom(...Object.keys(carriers)), async (text, carrier) => {
        const document = carriers[carrier]?.(text) ?? '';
        const [parsed] = parseFeed(document, { url: 'https://news.example/feed/' }).items;
        expect(parsed, document).toBeDefined();
        if (!parsed) return;
        const article = await normalizeItem(parsed, CONTEXT);
        expect(article.contentText, document).not.toMatch(/&(amp|#0*38|#x0*26);/i);
        expect(article.contentText.split('&').length, document).toBe(text.split('&').length);
      }),
      { numRuns: 300 },
    );
  });
});

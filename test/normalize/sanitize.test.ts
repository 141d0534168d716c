import { describe, expect, it } from 'vitest';
import { parseHtml, serializeHtml } from '../../src/normalize/dom.js';
import { sanitizeHtml, sanitizeTree } from '../../src/normalize/sanitize.js';

const clean = (html: string, embedHosts: string[] = []): string => sanitizeHtml(html, { embedHosts });

/** What the conformance harness and any browser would treat as script-capable. */
function assertInert(html: string): void {
  expect(html).not.toMatch(/<\s*(script|iframe|object|embed|applet|frame|frameset|base|meta|link|style|form|input|button|textarea|svg|math)\b/i);
  expect(html).not.toMatch(/\s(on[a-z]+|srcdoc|style|formaction)\s*=/i);
  expect(html.replace(/[\u0000-\u0020]/g, '')).not.toMatch(/(javascript|vbscript|data):/i);
}

const XSS_VECTORS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<IMG SRC="jav&#x09;ascript:alert(1);">',
  '<a href="javascript:alert(1)">x</a>',
  '<a href=" &#14;  javascript:alert(1)">x</a>',
  '<a href="JaVaScRiPt:alert(1)">x</a>',
  '<a href="vbscript:msgbox(1)">x</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
  '<img src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=">',
  '<svg onload=alert(1)><circle/></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<object data="evil.swf"></object><embed src="evil.swf">',
  '<form action="https://evil.example/"><input name=x><button formaction="javascript:alert(1)">go</button></form>',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '<div style="width: expression(alert(1))">x</div>',
  '<base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=javascript:alert(1)"><link rel=stylesheet href=x>',
  '<style>@import "evil.css";</style>',
  '<scr<script>ipt>alert(1)</script>',
  '<<script>script>alert(1)<</script>/script>',
  '<a href="#" onclick="alert(1)" onmouseover="alert(2)">x</a>',
  '<p><!--[if IE]><script>alert(1)</script><![endif]--></p>',
];

describe('sanitizeHtml', () => {
  it.each(XSS_VECTORS)('makes %s inert', (vector) => {
    assertInert(clean(vector));
  });

  it('keeps text and ordinary formatting', () => {
    expect(clean('<p class="x">Hello <b>bold</b> <em>and</em> <a href="https://example.com/a?b=1&amp;c=2" title="t">link</a></p>')).toBe(
      '<p>Hello <b>bold</b> <em>and</em> <a href="https://example.com/a?b=1&amp;c=2" title="t">link</a></p>',
    );
    expect(clean('AT&T 1 < 2')).toBe('AT&amp;T 1 &lt; 2');
  });

  it('keeps the text of removed elements, except code and styles', () => {
    expect(clean('safe<object classid="x"> description')).toBe('safe description');
    expect(clean('<blink>History</blink> <form>of <select><option>the</option></select></form> tag')).toBe('History of the tag');
    expect(clean('a<script>var x = 1;</script><style>p {}</style>b')).toBe('ab');
  });

  it('keeps every image with a web URL, drops images with no safe source', () => {
    expect(clean('<img src="https://example.com/a.png" alt="A" onerror="x()"><img src="/b.png"><img src="data:image/png;base64,AAAA">')).toBe(
      '<img src="https://example.com/a.png" alt="A"><img src="/b.png">',
    );
  });

  it('drops style attributes and unknown attributes', () => {
    expect(clean('<span style="color: red" data-x="1" id="y">s</span>')).toBe('<span>s</span>');
  });

  it('keeps https iframes from embed hosts only', () => {
    const html = '<iframe src="https://www.youtube.com/embed/abc" width="560" onload="x()"></iframe><iframe src="http://www.youtube.com/embed/abc"></iframe><iframe src="https://evil.example/"></iframe>';
    expect(clean(html, ['www.youtube.com'])).toBe('<iframe src="https://www.youtube.com/embed/abc" width="560"></iframe>');
    expect(clean(html)).toBe('');
  });

  it('reads a URL as a browser does: entities decoded, spaces, control characters and comments skipped', () => {
    const hostile = [
      '<a href="&#x6A;avascript:alert(1)">x</a>', '<a href="java&#x0A;script:alert(1)">x</a>', '<a href="java&Tab;script:alert(1)">x</a>',
      '<a href="  javascript:alert(1)">x</a>', '<a href="javascript&colon;alert(1)">x</a>', '<a href="java<!--x-->script:alert(1)">x</a>',
      '<a href="\u0001javascript:alert(1)">x</a>', '<a href="d&#x61;ta:text/html,x">x</a>', '<blockquote cite="vbscript:x">x</blockquote>',
    ];
    for (const html of hostile) expect(clean(html), html).toMatch(/^<(a|blockquote)>x<\/\1>$/);
    expect(clean('<img src="&#100;ata:image/png;base64,AAAA"><video poster="javascript:x" src="ftp://example.com/v.mp4"></video>')).toBe('<video></video>');
    // Protocol-relative and relative URLs are allowed; mailto: only where nothing is loaded.
    expect(clean('<img src="//cdn.example/x.png"><a href="mailto:a@example.com">m</a><img src="mailto:a@example.com">')).toBe(
      '<img src="//cdn.example/x.png"><a href="mailto:a@example.com">m</a>',
    );
  });

  it('drops srcset, namespaced, style and event attributes, and allowed ones left empty (an empty alt stays)', () => {
    expect(clean('<img src="https://example.com/a.png" srcset="javascript:x 2x, https://example.com/b.png 3x" alt="" title="">')).toBe(
      '<img src="https://example.com/a.png" alt>',
    );
    expect(clean('<a xlink:href="javascript:x" xml:lang="en" href="" style="color:red" onclick="x()" OnMouseOver="y()">x</a>')).toBe('<a>x</a>');
  });

  it('keeps the text of noscript, svg, math and nested forms; drops templates, comments and CDATA with their content', () => {
    expect(clean('<noscript><img src="https://example.com/a.png"></noscript>')).toBe('<img src="https://example.com/a.png">');
    expect(clean('<svg><style>p{}</style><text>Chart</text></svg> <math><mi>x</mi></math>')).toBe('Chart x');
    expect(clean('<form><form><p>Inside <input value="v"> forms</p></form></form>')).toBe('<p>Inside  forms</p>');
    expect(clean('a<template><p>hidden</p><script>x()</script></template>b<!-- c --><![CDATA[d]]>e')).toBe('abe');
  });

  it('reads textarea and title content as text, escaped once', () => {
    expect(clean('<textarea>&lt;b&gt; x &amp; y</textarea>')).toBe('&lt;b&gt; x &amp; y');
    expect(clean('<title><script>alert(1)</script></title>')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('an iframe off the embed list loses only its tag; a kept one loses its fallback content', () => {
    const hosts = ['www.youtube.com'];
    expect(clean('<iframe src="https://www.youtube.com/embed/a">Your browser <b>cannot</b></iframe>', hosts)).toBe(
      '<iframe src="https://www.youtube.com/embed/a"></iframe>',
    );
    expect(clean('<iframe src="https://evil.example/">Fallback <b>text</b></iframe>', hosts)).toBe('Fallback <b>text</b>');
    // A self-closed or unclosed iframe does not swallow the rest of the article, and what follows is sanitized.
    expect(clean('<p>a</p><iframe src="https://evil.example/"/><p>rest <img src=x onerror=alert(1)></p>', hosts)).toBe('<p>a</p><p>rest <img src="x"></p>');
    expect(clean('<iframe src="https://www.youtube.com/embed/a" srcdoc="<script>x</script>" allowfullscreen></iframe>', hosts)).toBe(
      '<iframe src="https://www.youtube.com/embed/a" allowfullscreen></iframe>',
    );
    expect(clean('<iframe src="//www.youtube.com/embed/a"></iframe><iframe src="https://WWW.YOUTUBE.COM/embed/b"></iframe>', hosts)).toBe(
      '<iframe src="https://WWW.YOUTUBE.COM/embed/b"></iframe>',
    );
  });

  it('with a base URL, resolves and cleans every URL it keeps in the same walk', () => {
    const doc = parseHtml(
      '<a href="/b?utm_source=x&id=2#c">b</a><img src="img/p.png"><a href="#top">t</a><iframe src="https://www.youtube.com/embed/a?utm_medium=rss"></iframe><a href="javascript:x">j</a>',
    );
    sanitizeTree(doc, { embedHosts: ['www.youtube.com'], baseUrl: 'https://news.example/2024/story/' });
    expect(serializeHtml(doc)).toBe(
      '<a href="https://news.example/b?id=2#c">b</a><img src="https://news.example/2024/story/img/p.png"><a href="#top">t</a>' +
        '<iframe src="https://www.youtube.com/embed/a"></iframe><a>j</a>',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { sanitizeHtml } from '../../src/normalize/sanitize.js';

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
      '<img src="https://example.com/a.png" alt="A" /><img src="/b.png" />',
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
});

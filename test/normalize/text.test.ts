import { describe, expect, it } from 'vitest';
import { parseHtml } from '../../src/normalize/dom.js';
import { contentHash, countWords, hashableText, plainText, summarize } from '../../src/normalize/text.js';

describe('plain text of a body', () => {
  it('puts paragraphs, headings, list items, captions and rows on their own, blank line between', () => {
    const html =
      '<h3>Ingredients</h3><ul><li>2 cups flour</li><li>1 cup milk</li></ul><figure><img src="a.jpg"><figcaption>The dough.</figcaption></figure>' +
      '<p>Mix&nbsp;well &amp; bake.<br>Serve warm.</p><div>One<br><br>Two</div><table><tr><td>a</td><td>b</td></tr></table><pre>  x = 1\n  y = 2</pre>';
    expect(plainText(parseHtml(html))).toBe(
      'Ingredients\n\n2 cups flour\n\n1 cup milk\n\nThe dough.\n\nMix well & bake.\nServe warm.\n\nOne\n\nTwo\n\na\tb\n\n  x = 1\n  y = 2',
    );
  });

  it('decodes entities once: a double-encoded entity shows its single-decoded form', () => {
    expect(plainText(parseHtml('<p>Tom &amp;amp; Jerry &#8217;s</p>'))).toBe('Tom &amp; Jerry ’s');
  });
});

describe('summary, words and hash', () => {
  it('cuts a long text at a word boundary with an ellipsis', () => {
    const text = 'word '.repeat(100);
    const summary = summarize(text, 50);
    expect(summary.length).toBeLessThanOrEqual(50);
    expect(summary.endsWith('word…')).toBe(true);
    expect(summarize('Short text.')).toBe('Short text.');
  });

  it('counts words and hashes typography-insensitively', () => {
    expect(countWords('It’s 3 p.m. in São Paulo')).toBe(6);
    expect(contentHash('It’s  “here”\n\nNow')).toBe(contentHash("it's \"here\" now"));
    expect(contentHash('a')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('hashes every typographic quote and dash as its plain form', () => {
    expect(hashableText(' ‘A’ ‚b‛ “C” „d‟ ‐‑‒–—― − ')).toBe('\'a\' \'b\' "c" "d" ------ -');
  });
});

import { describe, expect, it } from 'vitest';
import { emptyBlocks } from '../../src/normalize/rules/empty-blocks.js';
import { runRule, STORY } from './helpers.js';

describe('empty-blocks rule', () => {
  it('removes &nbsp; paragraphs, <br>-only paragraphs and emptied wrappers', () => {
    const out = runRule(emptyBlocks, `${STORY}<p>&nbsp;</p><p></p><p>&nbsp;&nbsp;</p><p><br /></p><div><span> </span></div><ul><li></li></ul>`);
    expect(out.html).not.toMatch(/<p>\s*(?:&nbsp;|\u00a0|<br>)*\s*<\/p>|<div>|<ul>/);
    expect(out.text.match(/ground floor\./g)).toHaveLength(1);
  });

  it('does not over-delete: images, table cells and spaces between words stay', () => {
    const html =
      '<p><img src="https://site.example/a.jpg"></p><table><tr><td></td><td>1</td></tr></table><p>word<span> </span>word</p><hr>';
    const out = runRule(emptyBlocks, html);
    expect(out.removed).toBe(0);
    expect(out.html).toContain('a.jpg');
    expect(out.html).toContain('<td></td>');
    expect(out.text).toContain('word word');
  });
});

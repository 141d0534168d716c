import { describe, expect, it } from 'vitest';
import { relatedLinks } from '../../src/normalize/rules/related-links.js';
import { expectUntouched, runRule, STORY } from './helpers.js';

const a = (text: string): string => `<a href="https://site.example/${encodeURIComponent(text)}">${text}</a>`;

describe('related-links rule', () => {
  it('removes a label with the link paragraphs or list after it', () => {
    const paragraphs = `<p><strong>Read more:</strong></p><p>${a('Shipping rates climb')}</p><p>${a('Union walks away')}</p>`;
    const list = `<p><strong>More from Capitol Dispatch:</strong></p><ul><li>${a('Budget writers see a surplus')}</li><li>${a('Teacher pay bill advances')}</li></ul>`;
    const german = `<h3>Lesen Sie auch</h3><ul><li>${a('Erster Artikel hier')}</li><li>${a('Zweiter Artikel')}</li></ul>`;
    for (const junk of [paragraphs, list, german]) {
      const out = runRule(relatedLinks, STORY + junk + STORY);
      expect(out.text).not.toMatch(/Read more|More from|Lesen Sie|Shipping|Union|Budget|Teacher|Artikel/);
      expect(out.text.match(/ground floor\./g)).toHaveLength(2);
    }
  });

  it('removes labelled and bracketed headline links between paragraphs', () => {
    for (const junk of [
      `<p><strong>Related:</strong> ${a('Map: Where high-speed internet still doesn’t reach')}</p>`,
      `<p>[${a('House leaders cool on Senate broadband plan')}]</p>`,
      `<p><strong>Leia também:</strong> ${a('Prefeitura anuncia obras')}</p>`,
      `<p>À lire aussi : ${a('Le maire annonce des travaux')}</p>`,
      `<p>${a('Read more: Council delays vote on library')}</p>`,
    ]) {
      const out = runRule(relatedLinks, STORY + junk + STORY);
      expect(out.removed).toBeGreaterThan(0);
      expect(out.text.match(/ground floor\./g)).toHaveLength(2);
      expect(out.text).not.toMatch(/Related|House leaders|Leia|lire aussi|Read more/);
    }
  });

  it('removes "[Related: …]" from inside a paragraph and keeps the sentences around it', () => {
    const out = runRule(relatedLinks, `<p>The vote passed. [Related: ${a('Council delays vote')}] Members cheered.</p>`);
    expect(out.text).toBe('The vote passed. Members cheered.');
  });

  it('does not over-delete: footnotes, PDF links, quoted [...] and plain link paragraphs stay', () => {
    for (const prose of [
      '<p>The footnote explains it.[<a href="#fn1">1</a>] More text follows here.</p>',
      '<p>Download the report (<a href="/r.pdf">PDF, 2 MB</a>) for details.</p>',
      '<blockquote><p>We kept the lamps lit [...] because no one told us to stop.</p></blockquote>',
      `<p>${a('Council delays vote on library')}</p>`,
      '<h2>Related</h2><p>The related question of how contractors inspect fleets will be reviewed this fall.</p>',
      '<p>Read more about this in the <a href="/report">report</a>, which includes a breakdown.</p>',
    ]) {
      expect(expectUntouched(relatedLinks, STORY + prose + STORY)).toEqual({ removed: 0, sameText: true });
    }
  });
});

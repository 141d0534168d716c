import { describe, expect, it } from 'vitest';
import { excerptTails } from '../../src/normalize/rules/excerpt-tails.js';
import { expectUntouched, runRule, STORY } from './helpers.js';

describe('excerpt-tails rule', () => {
  it.each([
    ['a "Continue reading →" more-link', '<p> <a href="https://site.example/post/#more-812" class="more-link">Continue reading <span class="meta-nav">&rarr;</span></a></p>'],
    ['a "Read More" link paragraph', '<p><a href="https://site.example/post/">Read More</a></p>'],
    ['a Spanish "Leer más"', '<p><a href="https://site.example/post/">Leer más »</a></p>'],
    ['a German "Weiterlesen"', '<p><a href="https://site.example/post/">Weiterlesen</a></p>'],
    ['a French "Lire la suite"', '<p><a href="https://site.example/post/">Lire la suite…</a></p>'],
    ['a Portuguese "Continue lendo"', '<p><a href="https://site.example/post/">Continue lendo</a></p>'],
    ['"Continue reading" with the title', '<p><a href="https://site.example/post/">Continue reading “Moving my server”</a></p>'],
  ])('removes %s', (_name, tail) => {
    const out = runRule(excerptTails, STORY + tail);
    expect(out.removed).toBeGreaterThan(0);
    expect(out.text.endsWith('ground floor.')).toBe(true);
  });

  it('removes a read-more link at the end of the last paragraph and a final […], keeping the truncated text', () => {
    const link = runRule(excerptTails, '<p>The council approved the budget and … <a href="/post">Read more »</a></p>');
    expect(link.text).toBe('The council approved the budget and …');
    const bracket = runRule(excerptTails, '<p>The council approved the budget if the district has to [&#8230;]</p>');
    expect(bracket.text).toBe('The council approved the budget if the district has to');
  });

  it('does not over-delete: sentences that start like a tail, quoted [...] and a heading "More" stay', () => {
    for (const prose of [
      '<p>Continue reading the instructions before you start assembling.</p>',
      '<p>Read more about this in the <a href="/report">report</a>, which includes a breakdown.</p>',
      '<p>More</p><p>Less is more, said the architect.</p>',
      '<blockquote><p>We kept the lamps lit [...]</p></blockquote>',
    ]) {
      expect(expectUntouched(excerptTails, STORY + prose)).toEqual({ removed: 0, sameText: true });
    }
  });
});

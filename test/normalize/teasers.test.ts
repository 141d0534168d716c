import { describe, expect, it } from 'vitest';
import { teasers } from '../../src/normalize/rules/teasers.js';
import { expectUntouched, runRule, STORY } from './helpers.js';

describe('teasers rule', () => {
  it.each([
    ['en', '<p><em>We may earn a commission when you buy through links on our site.</em></p>'],
    ['en', '<p>This post contains affiliate links.</p>'],
    ['en', '<p>SHOP NOW: <a href="https://shop.example/h">The best headphones of 2024 are 30% off at Amazon</a></p>'],
    ['de', '<p>Dieser Artikel enthält Affiliate-Links.</p>'],
    ['fr', '<p>Cet article contient des liens affiliés.</p>'],
    ['es', '<p>Este artículo contiene enlaces de afiliados. Podemos recibir una comisión por las compras.</p>'],
    ['it', '<p>Questo articolo contiene link di affiliazione.</p>'],
    ['pt', '<p>Este artigo contém links de afiliados.</p>'],
    ['nl', '<p>Dit artikel bevat affiliate links.</p>'],
  ])('removes a %s disclosure or teaser: %s', (_lang, junk) => {
    const out = runRule(teasers, junk + STORY);
    expect(out.removed).toBe(1);
    expect(out.text).toContain('ground floor.');
  });

  it('keeps prose about commissions, deals and sponsorship', () => {
    for (const prose of [
      '<p>Amazon cut the commission it pays on affiliate links last year, hurting small publishers.</p>',
      '<p>Deal: the two parties agreed on a 5% raise after long talks.</p>',
      '<p>In partnership with the city, the library will reopen next year.</p>',
      '<p>Sponsored by the senator, the bill passed with a large majority.</p>',
    ]) {
      expect(expectUntouched(teasers, prose + STORY)).toEqual({ removed: 0, sameText: true });
    }
  });
});

import { describe, expect, it } from 'vitest';
import { parseByline } from '../../src/normalize/byline.js';
import { adPlaceholders } from '../../src/normalize/rules/ad-placeholders.js';
import { excerptTails } from '../../src/normalize/rules/excerpt-tails.js';
import { promos } from '../../src/normalize/rules/promos.js';
import { relatedLinks } from '../../src/normalize/rules/related-links.js';
import { shareWidgets } from '../../src/normalize/rules/share-widgets.js';
import { syndicationFooters } from '../../src/normalize/rules/syndication-footers.js';
import { expectUntouched, runRule, STORY } from './helpers.js';

describe('rules that describe a junk family, not one wording', () => {
  it('promos: a teaser question before the call to action', () => {
    const out = runRule(promos, `${STORY}<p>¿Te gustó la receta? Síguenos en <a href="https://instagram.com/x">Instagram</a>.</p>`);
    expect(out.removed).toBe(1);
    expect(expectUntouched(promos, `${STORY}<p>Why did it fail? Follow the money, the auditors said.</p>`)).toEqual({ removed: 0, sameText: true });
  });

  it('share widgets: a share label written as a label ("Partager :") goes, the verb in a sentence stays', () => {
    expect(runRule(shareWidgets, `${STORY}<p>Partager :</p>`).text).not.toContain('Partager');
    expect(runRule(shareWidgets, `${STORY}<p><a href="#">Me gusta</a> Cargando...</p>`).text).not.toContain('Cargando');
    expect(expectUntouched(shareWidgets, `${STORY}<ul><li>Share</li><li>Like</li></ul>`)).toEqual({ removed: 0, sameText: true });
  });

  it('syndication footers: every sentence of a republishing note, a source line; not a sentence of the story', () => {
    const note =
      '<p>This story was produced by <a href="https://a.example">The Plains Gazette</a>. It is republished here under a Creative Commons license.</p>';
    expect(runRule(syndicationFooters, STORY + note).text).not.toContain('Creative Commons');
    expect(runRule(syndicationFooters, `${STORY}<p>Fuente: <a href="https://b.example">EFE</a></p>`).text).not.toContain('Fuente');
    const prose = '<p>Originally published on a typewriter, the manuscript is now on display at the county museum.</p>';
    expect(expectUntouched(syndicationFooters, STORY + prose)).toEqual({ removed: 0, sameText: true });
    const caption = '<figure><img src="https://c.example/a.png"><figcaption>Source: the census</figcaption></figure>';
    expect(expectUntouched(syndicationFooters, STORY + caption)).toEqual({ removed: 0, sameText: true });
  });

  it('ad placeholders: a label wrapped on its own between two sentences of a paragraph', () => {
    const out = runRule(adPlaceholders, '<p>The shelf opened in May. <span>Anzeige</span> It holds forty tools.</p>');
    expect(out.text).toBe('The shelf opened in May. It holds forty tools.');
    expect(expectUntouched(adPlaceholders, '<p>The word <em>advertisement</em> comes from French.</p>')).toEqual({ removed: 0, sameText: true });
  });

  it('excerpt tails: a plain "Read More" after an ellipsis, not a sentence that ends in "more"', () => {
    expect(runRule(excerptTails, '<p>Most of the birds are young females… Read More</p>').text).toBe('Most of the birds are young females…');
    for (const prose of ['<p>The chef paused. More</p>', '<p>She said the city needed to read more</p>']) {
      expect(expectUntouched(excerptTails, STORY + prose)).toEqual({ removed: 0, sameText: true });
    }
  });

  it('related links: teasers with a date and category after a related label; "(see …)" in prose stays', () => {
    const html = `${STORY}<h3>Related</h3><p><a href="https://d.example/a">Seed library opens at the east branch</a><br>March 2, 2024<br>In "Community"</p>`;
    expect(runRule(relatedLinks, html).text).not.toMatch(/Seed library|Related/);
    expect(expectUntouched(relatedLinks, `<p>The vote was close (read <a href="https://d.example/b">our earlier report</a>) but it passed.</p>`)).toEqual({
      removed: 0,
      sameText: true,
    });
  });

  it('bylines: an agency acronym or a parenthesised source after the names', () => {
    expect(parseByline('Von Lukas Gruber und Theresa Moser, APA')).toEqual(['Lukas Gruber', 'Theresa Moser']);
    expect(parseByline('By Jane Doe (Reuters)')).toEqual(['Jane Doe']);
  });
});

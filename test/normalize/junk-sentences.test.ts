import { describe, expect, it } from 'vitest';
import { junkSentences } from '../../src/normalize/rules/junk-sentences.js';
import { expectUntouched, runRule, STORY } from './helpers.js';

describe('junk-sentences rule', () => {
  it.each([
    ['en', '<p>The council approved the budget late at night. Click here to read more.</p>', 'The council approved the budget late at night.'],
    ['en', '<p>The council approved the budget late at night. <em>Follow us on Twitter <a href="https://x.example/b">@beacon</a>.</em></p>', 'The council approved the budget late at night.'],
    ['en', '<p>RELATED: Council delays vote on library. The mayor then left the room in a hurry after the vote.</p>', 'The mayor then left the room in a hurry after the vote.'],
    ['en', '<p>The mayor left in a hurry. Related: <a href="https://n.example/x">Council delays vote on library</a></p>', 'The mayor left in a hurry.'],
    ['en', '<p>The council approved the budget. Sign up for our newsletter to get the latest news. Download our app.</p>', 'The council approved the budget.'],
    ['de', '<p>Der Rat hat den Haushalt beschlossen. Folgen Sie uns auf Twitter.</p>', 'Der Rat hat den Haushalt beschlossen.'],
    ['fr', '<p>Le conseil a approuvé le budget. Abonnez-vous à notre newsletter.</p>', 'Le conseil a approuvé le budget.'],
    ['es', '<p>El consejo aprobó el presupuesto. Síguenos en Twitter.</p>', 'El consejo aprobó el presupuesto.'],
    ['it', '<p>Il consiglio ha approvato il bilancio. Seguici su Facebook e Instagram.</p>', 'Il consiglio ha approvato il bilancio.'],
    ['pt', '<p>O conselho aprovou o orçamento. Siga-nos no Instagram.</p>', 'O conselho aprovou o orçamento.'],
    ['nl', '<p>De raad keurde de begroting goed. Volg ons op Twitter.</p>', 'De raad keurde de begroting goed.'],
    ['nl', '<p>De raad keurde de begroting goed. Alle rechten voorbehouden.</p>', 'De raad keurde de begroting goed.'],
  ])('cuts the %s junk sentence off %s', (_lang, html, rest) => {
    const out = runRule(junkSentences, STORY + html);
    expect(out.removed).toBeGreaterThanOrEqual(1);
    expect(out.text.endsWith(rest)).toBe(true);
    expect(out.text).toContain('ground floor.');
  });

  it('keeps the links and markup of the sentences that stay', () => {
    const out = runRule(junkSentences, '<p>The <a href="https://n.example/budget">budget</a> passed. <strong>Subscribe to our newsletter.</strong></p>');
    expect(out.html).toBe('<p>The <a href="https://n.example/budget">budget</a> passed.</p>');
  });

  it('keeps stories about podcasts and apps, quoted speech and blockquotes', () => {
    for (const prose of [
      '<p>She hosts a podcast about gardening. Listen on Spotify or Apple Podcasts, she tells her audience every week.</p>',
      '<p>The band released the album in 2019. Listen to the podcast, the singer told fans, because it explains it.</p>',
      '<p>The minister resigned. "Follow us on Twitter," the campaign said in every advert.</p>',
      '<blockquote><p>We won. Subscribe to our newsletter.</p></blockquote>',
      '<p>Il sindaco ha parlato. Seguici, ha detto ai cittadini, e vedrete i risultati.</p>',
      '<p>Sign up for the marathon opened on Monday. More than 2,000 runners have registered.</p>',
      '<p>Subscribe to our newsletter.</p>',
    ]) {
      expect(expectUntouched(junkSentences, STORY + prose)).toEqual({ removed: 0, sameText: true });
    }
  });
});

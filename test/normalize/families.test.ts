import { describe, expect, it } from 'vitest';
import { creditLines } from '../../src/normalize/rules/credit-lines.js';
import { junkSentences } from '../../src/normalize/rules/junk-sentences.js';
import { layoutTables } from '../../src/normalize/rules/layout-tables.js';
import { legalNotices } from '../../src/normalize/rules/legal-notices.js';
import { promos } from '../../src/normalize/rules/promos.js';
import { syndicationFooters } from '../../src/normalize/rules/syndication-footers.js';
import { trackingImages } from '../../src/normalize/rules/tracking-images.js';
import { expectUntouched, runRule, STORY } from './helpers.js';

/** Junk families judged by shape and place (wording no list holds), each with prose that must stay. */
describe('junk families in words no phrase list holds', () => {
  it('a label and headline link glued before the first sentence: only they go', () => {
    const cases = [
      ['<p>RELATED: <a href="https://a.example/x">Bus drivers quit in droves</a> The board met on Monday.</p>', 'The board met on Monday.'],
      ['<p>LEER MÁS: <a href="https://a.example/y">La sequía obliga a cambiar</a> Las lluvias llegaron el lunes.</p>', 'Las lluvias llegaron el lunes.'],
      ['<p>Lees ook: <strong><a href="https://a.example/z">Duinen maand dicht</a></strong> De raad stemde in.</p>', 'De raad stemde in.'],
    ];
    for (const [html, kept] of cases) expect(runRule(junkSentences, html as string).text).toBe(kept);
    // A link inside the story's own first sentence is not a related headline.
    const prose = '<p>In Bremen: <a href="https://a.example/w">the new tram line</a> opened today.</p>';
    expect(expectUntouched(junkSentences, prose)).toEqual({ removed: 0, sameText: true });
  });

  it('"this article first appeared in …" notes in five languages, not a story sentence that mentions publishing', () => {
    for (const note of [
      'This article first appeared in the Courier\'s print edition on March 13, 2025.',
      'A version of this story was published by the Plains Gazette.',
      'Cet article est paru initialement sur le site du Dauphiné des Sommets.',
      'Dieser Beitrag ist ursprünglich im Wochenblatt Nord veröffentlicht worden.',
      'Este artículo fue publicado originalmente en El Agua Hoy.',
      'Dit artikel verscheen eerder in het Friesch Dagblad.',
    ]) {
      expect(runRule(syndicationFooters, `${STORY}<p>${note}</p>`).text, note).not.toContain(note.slice(0, 20));
    }
    for (const prose of [
      '<p>This article was published in 1998, and it changed how the town saw its river.</p>',
      '<p>This story first appeared in her diary, the author told the audience on Friday.</p>',
    ]) {
      expect(expectUntouched(syndicationFooters, STORY + prose), prose).toEqual({ removed: 0, sameText: true });
    }
  });

  it('"read the original" links, not a sentence that links an original document', () => {
    for (const line of [
      '<p><a href="https://a.example/o">Lee el artículo original</a></p>',
      '<p>Leggi l\'articolo originale su <a href="https://a.example/o">ecodivaltellina.example</a></p>',
      '<p><a href="https://a.example/o">Den vollständigen Originalartikel finden Sie hier.</a></p>',
    ]) {
      expect(runRule(syndicationFooters, STORY + line).removed, line).toBe(1);
    }
    const prose =
      '<p>The original contract, signed in 1931 and <a href="https://a.example/c">published by the archive</a>, ran to forty pages.</p>';
    expect(expectUntouched(syndicationFooters, prose + STORY)).toEqual({ removed: 0, sameText: true });
  });

  it('usage notices in their own words among the footers; a court report about reuse stays', () => {
    for (const notice of [
      'Eine Weiterverbreitung ist nur mit schriftlicher Genehmigung erlaubt.',
      'Tous droits de reproduction et de représentation réservés.',
      'This content may not be reproduced without written permission.',
    ]) {
      expect(runRule(legalNotices, `${STORY}<p>${notice}</p>`).removed, notice).toBe(1);
    }
    const report = '<p>The court ruled that the photos may not be republished without permission from the family.</p>';
    expect(expectUntouched(legalNotices, STORY + report)).toEqual({ removed: 0, sameText: true });
    // The same words at the top of a long body are not among the footers.
    const top = '<p>Reproduction without permission is prohibited under the new law.</p>';
    expect(expectUntouched(legalNotices, top + STORY.repeat(3) + '<p>' + 'The vote is on Friday. '.repeat(20) + '</p>')).toEqual({
      removed: 0,
      sameText: true,
    });
  });

  it('agency credits shouted or bracketed, not a bracketed sentence', () => {
    for (const credit of ['(COM INFORMAÇÕES DA AGÊNCIA BRASIL)', '(With reporting from Reuters)', 'MIT MATERIAL VON DPA']) {
      expect(runRule(creditLines, `${STORY}<p>${credit}</p>`).removed, credit).toBe(1);
    }
    expect(expectUntouched(creditLines, `${STORY}<p>(Reuters reported the deal first.)</p>`)).toEqual({ removed: 0, sameText: true });
  });

  it('a handle names the account of a call to follow', () => {
    expect(runRule(promos, `${STORY}<p>Síguenos en X @diariodelvalle para no perderte nada.</p>`).removed).toBe(1);
    expect(expectUntouched(promos, `${STORY}<p>Follow the money, @jdoe wrote on the forum, and you find the mayor.</p>`)).toEqual({
      removed: 0,
      sameText: true,
    });
  });

  it('wrapper tables give their cells to the body; a data table stays a table', () => {
    const wrapped = runRule(layoutTables, `<table><tr><td>${STORY}</td></tr><tr><td><strong>Iscriviti</strong> alla newsletter.</td></tr></table>`);
    expect(wrapped.html).not.toContain('<table');
    expect(wrapped.html).toContain('<div><strong>Iscriviti</strong> alla newsletter.</div>');
    const data = '<table><tr><th>Town</th><th>Votes</th></tr><tr><td>Aachen</td><td>1,204</td></tr></table>';
    expect(runRule(layoutTables, data).html).toBe(data);
    const grid = '<table><tr><td>Aachen</td><td>1,204</td></tr><tr><td>Bremen</td><td>988</td></tr></table>';
    expect(runRule(layoutTables, grid).html).toBe(grid);
  });

  it('share endpoints go with their icons, whatever the link says; a link to a network\'s page stays', () => {
    const bar =
      '<p><a href="https://www.facebook.com/sharer/sharer.php?u=x"><img src="https://a.example/fb.png" alt="Facebook"></a> ' +
      '<a href="https://twitter.com/intent/tweet?url=x">Teilen</a> <a href="mailto:?subject=Story">✉</a></p>';
    const out = runRule(trackingImages, STORY + bar);
    expect(out.html).not.toMatch(/sharer|intent\/tweet|mailto/);
    const prose = '<p>The mayor posted the plan on <a href="https://www.facebook.com/cityofnorthfield">the city\'s Facebook page</a>.</p>';
    expect(runRule(trackingImages, prose).html).toBe(prose);
  });

  it('a question naming the channel, then a short call; a line in quotes is somebody\'s words', () => {
    expect(runRule(promos, `${STORY}<p>Vuoi ricevere le notizie del Corriere del Borgo su WhatsApp? Iscriviti al nostro canale.</p>`).removed).toBe(1);
    expect(expectUntouched(promos, `${STORY}<p>“Subscribe wherever you get your podcasts.”</p>`)).toEqual({ removed: 0, sameText: true });
    expect(expectUntouched(promos, `${STORY}<p>Listen on Spotify or Apple Podcasts, the hosts say at the end of every episode.</p>`)).toEqual({
      removed: 0,
      sameText: true,
    });
  });

  it('"protected by copyright" notices and full-text proxy credits among the footers', () => {
    const notice = '<p><small>Alle Inhalte dieser Seite sind urheberrechtlich geschützt. Jede Verwertung ohne Zustimmung des Verlags ist unzulässig.</small></p>';
    expect(runRule(legalNotices, STORY + notice).removed).toBe(1);
    const proxy = '<p><small>Full text provided by <a href="https://r.example/">FeedRelay</a> · <a href="https://r.example/report">Report a problem</a></small></p>';
    expect(runRule(syndicationFooters, STORY + proxy).removed).toBe(1);
    // Quoted in a paragraph of the story, the same words stay.
    const quoted = '<p>Le blog reprenait la mention « Cet article est paru initialement dans Le Progrès » sous chaque texte.</p>';
    expect(expectUntouched(syndicationFooters, STORY + quoted)).toEqual({ removed: 0, sameText: true });
  });
});

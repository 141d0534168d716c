/**
 * Learned boilerplate through the real store on SQLite and PostgreSQL: feeds whose template wraps every item
 * in blocks that no phrase list knows, in several languages.
 */
import { describe, expect, it } from 'vitest';
import type { CleanArticle } from '../../src/core/model.js';
import { normalizeItem } from '../../src/normalize/index.js';
import { TEST_DIALECTS } from '../helpers/databases.js';
import { feedInput, useStore } from '../store/fixtures.js';
import { context, feedItem } from './helpers.js';

const POLICY = { minItems: 5, share: 0.6, window: 50 };

/** A different story each time: three paragraphs no two items share. */
function story(i: number, lang: 'de' | 'fr' | 'en'): string {
  const towns = ['Aachen', 'Bremen', 'Cottbus', 'Dresden', 'Erfurt', 'Fulda', 'Gera', 'Hagen', 'Jena', 'Kassel', 'Lübeck', 'Mainz'];
  const town = towns[i % towns.length];
  if (lang === 'de') {
    return `<p>In ${town} hat der Stadtrat am Dienstag über ${i + 3} neue Radwege beraten und eine Entscheidung vertagt.</p>` +
      `<p>Die Verwaltung soll bis zum Herbst prüfen, welche Straßen in ${town} zuerst umgebaut werden können.</p>` +
      `<p>Anwohner hatten ${i * 11 + 40} Unterschriften gesammelt und mehr Sicherheit für Schulkinder gefordert.</p>`;
  }
  if (lang === 'fr') {
    return `<p>À ${town}, le conseil municipal a débattu mardi de ${i + 3} nouvelles pistes cyclables sans trancher.</p>` +
      `<p>Les services doivent étudier d'ici l'automne quelles rues de ${town} pourront être aménagées en premier.</p>` +
      `<p>Les riverains avaient réuni ${i * 11 + 40} signatures pour réclamer plus de sécurité aux abords des écoles.</p>`;
  }
  return `<p>In ${town}, the council debated ${i + 3} new cycle lanes on Tuesday and put off a decision.</p>` +
    `<p>Officials will study by the autumn which streets in ${town} can be rebuilt first, the mayor said.</p>` +
    `<p>Residents had gathered ${i * 11 + 40} signatures asking for safer routes to the town's schools.</p>`;
}

const TEMPLATES = {
  de: {
    head: '<p><em>Frisch aus der Backstube: Bäckerei Huber, Ihr Partner für Brezen seit 1921.</em></p>',
    tail: '<p>Das Team vom Bergblick-Boten wünscht Ihnen ein schönes Wochenende – bis bald!</p>',
  },
  fr: {
    head: '<p>Un café, un croissant et votre Gazette du Plateau : la recette d\'un bon matin.</p>',
    tail: '<p>Toute l\'équipe de la Gazette du Plateau vous souhaite une belle journée.</p>',
  },
  en: {
    head: '<p>Brought to you each morning by the friendly folks at Millbrook Hardware &amp; Feed.</p>',
    tail: '<p>That is all from the Millbrook Ledger desk today. Catch you on the flip side, neighbours!</p>',
  },
} as const;

describe.each(TEST_DIALECTS)('learned boilerplate on %s', (dialect) => {
  const store = useStore(dialect);

  /** Runs `count` items of one feed the way the article worker does: learned → normalize → observe. */
  async function runFeed(lang: keyof typeof TEMPLATES, count: number, withTemplate: (i: number) => boolean): Promise<CleanArticle[]> {
    const { feed } = await store().feeds.create(feedInput());
    const out: CleanArticle[] = [];
    for (let i = 0; i < count; i++) {
      const template = TEMPLATES[lang];
      const body = withTemplate(i) ? template.head + story(i, lang) + template.tail : story(i, lang);
      const learned = await store().boilerplate.learned(feed.id, POLICY);
      const article = await normalizeItem(feedItem({ guid: `g${i}`, contentHtml: body }), context({ learned, learnEdges: true }));
      await store().boilerplate.observe(feed.id, article.provenance?.edges ?? [], POLICY.window);
      out.push(article);
    }
    return out;
  }

  it.each(['de', 'fr', 'en'] as const)('drops a %s template no rule knows once the feed has enough items', async (lang) => {
    const articles = await runFeed(lang, 9, () => true);
    const head = TEMPLATES[lang].head.replace(/<[^>]+>/g, '').replace('&amp;', '&');
    const tailStart = TEMPLATES[lang].tail.replace(/<[^>]+>/g, '').slice(0, 30);
    // The rules alone keep it: its wording is in no phrase list.
    expect(articles[0]?.contentText).toContain(head);
    expect(articles[0]?.contentText).toContain(tailStart);
    // From the sixth item on (five seen), the template goes and the story stays whole.
    for (const article of articles.slice(5)) {
      expect(article.contentText).not.toContain(head);
      expect(article.contentText).not.toContain(tailStart);
      expect(article.contentText.split('\n\n'), article.contentText).toHaveLength(3);
      expect(article.provenance?.rules.find((r) => r.rule === 'learned-boilerplate')?.removed).toBe(2);
    }
  });

  it('keeps story paragraphs that differ only in their numbers', async () => {
    const { feed } = await store().feeds.create(feedInput());
    let last: CleanArticle | undefined;
    for (let i = 0; i < 8; i++) {
      const report = `<p>Markets opened calmly on day ${i + 1} of the month.</p>${story(i, 'en')}<p>The index closed at ${15_000 + i * 37} points.</p>`;
      const learned = await store().boilerplate.learned(feed.id, POLICY);
      last = await normalizeItem(feedItem({ guid: `m${i}`, contentHtml: report }), context({ learned, learnEdges: true }));
      await store().boilerplate.observe(feed.id, last.provenance?.edges ?? [], POLICY.window);
    }
    expect(last?.contentText).toContain('The index closed at 15259 points.');
    expect(last?.contentText).toContain('Markets opened calmly on day 8 of the month.');
  });

  it('keeps a block that only some items carry, and every story paragraph', async () => {
    const articles = await runFeed('en', 12, (i) => i % 3 === 0);
    const tailStart = 'That is all from the Millbrook Ledger desk today.';
    const carriers = articles.filter((_a, i) => i % 3 === 0);
    expect(carriers.every((a) => a.contentText.includes(tailStart))).toBe(true);
    for (const [i, article] of articles.entries()) {
      expect(article.contentText).toContain(`Residents had gathered ${i * 11 + 40} signatures`);
    }
  });

  it('is turned off per feed like any rule', async () => {
    const { feed } = await store().feeds.create(feedInput());
    for (let i = 0; i < 7; i++) {
      const article = await normalizeItem(feedItem({ guid: `h${i}`, contentHtml: TEMPLATES.en.head + story(i, 'en') }), context({ learnEdges: true }));
      await store().boilerplate.observe(feed.id, article.provenance?.edges ?? [], POLICY.window);
    }
    const learned = await store().boilerplate.learned(feed.id, POLICY);
    expect(learned.head.size).toBe(1);
    const html = TEMPLATES.en.head + story(8, 'en');
    const off = await normalizeItem(feedItem({ contentHtml: html }), context({ learned, disabledRules: ['learned-boilerplate'] }));
    expect(off.contentText).toContain('Millbrook Hardware');
    const on = await normalizeItem(feedItem({ contentHtml: html }), context({ learned, learnEdges: true }));
    expect(on.contentText).not.toContain('Millbrook Hardware');
  });
});

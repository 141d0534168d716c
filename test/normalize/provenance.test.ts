import { describe, expect, it } from 'vitest';
import { normalizeItem } from '../../src/normalize/index.js';
import { clean, context, feedItem, STORY } from './helpers.js';

describe('provenance of a normalized article', () => {
  it('names the rules that fired, how much each removed and the first words of what went', async () => {
    const article = await clean(
      '<p>Published 9:14 AM EST, Sun November 3, 2024</p>' + STORY +
        '<p>Sign up for our newsletter to get the latest news in your inbox.</p><p>© 2024 The Beacon. All rights reserved.</p>',
    );
    const rules = article.provenance?.rules ?? [];
    expect(rules.map((r) => r.rule)).toEqual(expect.arrayContaining(['status-lines', 'promos']));
    const promo = rules.find((r) => r.rule === 'promos');
    expect(promo?.removed).toBe(1);
    expect(promo?.samples[0]).toBe('Sign up for our newsletter to get the …');
    expect(article.provenance).toMatchObject({ extractor: 'feed', fullTextReason: null, skipped: null });
    expect(article.contentText).not.toContain('newsletter');
  });

  it('keeps what a rule the feed turned off would have removed', async () => {
    const html = STORY + '<p>Sign up for our newsletter to get the latest news in your inbox.</p>';
    const article = await normalizeItem(feedItem({ contentHtml: html }), context({ disabledRules: ['promos'] }));
    expect(article.contentText).toContain('Sign up for our newsletter');
    expect(article.provenance?.rules.map((r) => r.rule)).not.toContain('promos');
  });

  it('marks items that are not articles, with the reason', async () => {
    const noBody = await normalizeItem(feedItem({ url: null, contentHtml: null, title: 'Something' }), context());
    expect(noBody.provenance?.skipped).toBe('no URL and no body');
    const letter = await normalizeItem(feedItem({ title: 'x', contentHtml: '<p>a</p>' }), context());
    expect(letter.provenance?.skipped).toMatch(/one-letter title/);
    const empty = await normalizeItem(feedItem({ title: '', contentHtml: '<p> </p><img src="https://n.example/a.jpg">' }), context());
    expect(empty.provenance?.skipped).toBe('no words in the title or the body');
    const photo = await normalizeItem(feedItem({ title: 'Sunset over the harbour', contentHtml: '<img src="https://n.example/a.jpg">' }), context());
    expect(photo.provenance?.skipped).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import type { FeedRules } from '../../src/core/model.js';
import { FeedloomError } from '../../src/core/errors.js';
import { assertValidFeedRules, compileFeedRules, FEED_RULE_LIMITS, feedRulesFrom } from '../../src/normalize/feed-rules/index.js';
import { normalizeItem } from '../../src/normalize/index.js';
import { context, feedItem, STORY } from './helpers.js';

function rules(own: Partial<FeedRules>): FeedRules {
  return { disable: [], remove: [], body: null, replace: [], ...own };
}

async function cleanWith(contentHtml: string, own: Partial<FeedRules>, disabled: string[] = []) {
  const compiled = compileFeedRules(rules(own));
  return normalizeItem(feedItem({ contentHtml }), context({ feedRules: compiled, disabledRules: disabled }));
}

function firing(article: Awaited<ReturnType<typeof cleanWith>>, rule: string) {
  return article.provenance?.rules.find((r) => r.rule === rule);
}

/** Provenance has exactly this entry for `rule`. */
function expectFired(article: Awaited<ReturnType<typeof cleanWith>>, rule: string, removed: number, samples: string[]) {
  expect(firing(article, rule)).toEqual({ rule, removed, samples });
}

function invalidMessage(own: Partial<FeedRules>): string {
  try {
    assertValidFeedRules(rules(own));
  } catch (err) {
    expect(err).toBeInstanceOf(FeedloomError);
    expect((err as FeedloomError).code).toBe('INVALID_RULE');
    return (err as Error).message;
  }
  throw new Error('the rules were accepted');
}

describe('feed rules: remove', () => {
  it('removes the elements the selectors match, nested matches once, and says what went', async () => {
    const html =
      '<div class="sponsor">Brought to you by Acme Widgets <span class="sponsor">and friends</span></div>' +
      STORY +
      '<aside data-kind="teaser"><p>Tomorrow in the newsletter: the mayor answers</p></aside>';
    const article = await cleanWith(html, { remove: ['.sponsor', 'aside[data-kind=teaser]'] });
    expect(article.contentText).not.toContain('Acme');
    expect(article.contentText).not.toContain('mayor answers');
    expect(article.contentText).toContain('The council approved the new budget');
    expectFired(article, 'feed-rule:remove', 2, ['Brought to you by Acme Widgets and friends', 'Tomorrow in the newsletter: the mayor answers']);
  });

  it('keeps the body when the feed turned its own rule off', async () => {
    const article = await cleanWith(`<p class="note">The harbour office opened at nine on Monday.</p>${STORY}`, { remove: ['p.note'] }, ['feed-rule:remove']);
    expect(article.contentText).toContain('The harbour office opened at nine');
    expect(firing(article, 'feed-rule:remove')).toBeUndefined();
  });
});

describe('feed rules: body', () => {
  it('takes the matched elements as the body and drops what is around them', async () => {
    const html =
      '<div class="masthead"><p>Morning Edition: read today’s paper online</p></div>' +
      `<div class="wrap"><article class="story">${STORY}</article><div class="comments"><p>12 comments so far</p></div></div>`;
    const article = await cleanWith(html, { body: 'article.story' });
    expect(article.contentText).toContain('The council approved the new budget');
    expect(article.contentText).toContain('Members said they expected the library');
    expect(article.contentText).not.toContain('Morning Edition');
    expect(article.contentText).not.toContain('comments so far');
    expect(firing(article, 'feed-rule:body')).toMatchObject({ removed: 2, samples: ['Morning Edition: read today’s paper online', '12 comments so far'] });
  });

  it('keeps several matches in document order', async () => {
    const html = '<p class="x">First part of the story told here.</p><p>Junk between.</p><p class="x">Second part of the story.</p>';
    const article = await cleanWith(html, { body: 'p.x' });
    expect(article.contentText).toBe('First part of the story told here.\n\nSecond part of the story.');
  });

  it('keeps the whole body when nothing matches, and provenance says so', async () => {
    const article = await cleanWith(STORY, { body: 'div.no-such-thing' });
    expect(article.contentText).toContain('The council approved the new budget');
    expectFired(article, 'feed-rule:body', 0, ['nothing matched "div.no-such-thing": the whole body was kept']);
  });
});

describe('feed rules: replace', () => {
  it('rewrites the raw HTML before it is parsed, with groups and flags', async () => {
    const html = `${STORY}<p>[[promo]]Get 50% off a subscription[[/promo]]</p><p>Photo: <b>JANE DOE</b></p>`;
    const article = await cleanWith(html, {
      replace: [
        { pattern: String.raw`\[\[promo\]\].*?\[\[/promo\]\]`, replacement: '' },
        { pattern: String.raw`photo: <b>(\w+) (\w+)</b>`, replacement: 'Photo by $2, $1', flags: 'i' },
      ],
    });
    expect(article.contentText).not.toContain('subscription');
    expect(article.contentText).toContain('Photo by DOE, JANE');
    expectFired(article, 'feed-rule:replace', 2, ['[[promo]]Get 50% off a subscription[[/promo]]', 'Photo: <b>JANE DOE</b>']);
  });

  it('sees the body with its URLs absolute, as written against what the feed links to', async () => {
    // Parse leaves a body's URLs relative to the item's base; the replacements still match the absolute form.
    const html = `${STORY}<p><a href="/shop/deal?id=1">Today's deal</a></p>`;
    const article = await cleanWith(html, { replace: [{ pattern: String.raw`<p><a href="https://news\.example/shop/[^"]*">[^<]*</a></p>`, replacement: '' }] });
    expect(article.contentText).not.toContain("Today's deal");
    expect(firing(article, 'feed-rule:replace')?.removed).toBe(1);
  });

  it('runs a pattern that backtracks exponentially elsewhere in linear time on a large body', async () => {
    // (a+)+$ against many a's and a final "!" never finishes in a backtracking engine.
    const filler = 'a'.repeat(100_000);
    const html = `<p>${filler}!</p>${STORY}`;
    const article = await cleanWith(html, { replace: [{ pattern: '(a+)+$', replacement: 'X' }, { pattern: '(a+)+!', replacement: 'END' }] });
    expect(article.contentText.startsWith('END')).toBe(true);
    expect(article.contentText).toContain('The council approved');
    expect(firing(article, 'feed-rule:replace')?.removed).toBe(1);
  });

  it('leaves a body above the input limit as it was, and provenance says why', async () => {
    const html = `${STORY}<p>${'word '.repeat(FEED_RULE_LIMITS.inputChars / 5)}</p><p>REMOVE-ME</p>`;
    const article = await cleanWith(html, { replace: [{ pattern: 'REMOVE-ME', replacement: '' }] });
    expect(article.contentText).toContain('REMOVE-ME');
    expect(firing(article, 'feed-rule:replace')?.samples[0]).toMatch(/^skipped: the body has \d+ characters, more than 200000$/);
  });

  it('skips a replacement that could blow the body up', async () => {
    const html = `<p>${'ab '.repeat(20_000)}</p>${STORY}`;
    const article = await cleanWith(html, { replace: [{ pattern: 'a', replacement: '$&'.repeat(300) }] });
    expect(article.contentText).not.toContain('aa');
    expect(firing(article, 'feed-rule:replace')).toMatchObject({ removed: 0, samples: [expect.stringMatching(/^skipped "a": it could grow the body past/)] });
  });
});

describe('feed rules: checking them', () => {
  it('names the rule and the reason for a selector that does not parse', () => {
    expect(invalidMessage({ remove: ['div.ok', 'p:bogus'] })).toBe(
      'rules.remove[1] "p:bogus" is not a CSS selector css-select accepts: Unknown pseudo-class :bogus',
    );
    expect(invalidMessage({ body: 'p::before' })).toMatch(/^rules\.body "p::before" is not a CSS selector css-select accepts: /);
  });

  it('refuses patterns RE2 cannot run in linear time: backreferences and lookaround', () => {
    expect(invalidMessage({ replace: [{ pattern: String.raw`(a)\1`, replacement: '' }] })).toMatch(
      /^rules\.replace\[0\]\.pattern "\(a\)\\\\1" is not an RE2 pattern \(no backreferences or lookaround\): .*invalid escape sequence/,
    );
    expect(invalidMessage({ replace: [{ pattern: 'a(?=b)', replacement: '' }] })).toMatch(/invalid or unsupported Perl syntax/);
    expect(invalidMessage({ replace: [{ pattern: 'a(', replacement: '' }] })).toMatch(/missing closing \)/);
  });

  it('refuses unknown flags, quadratic replacements and too many or too long rules', () => {
    expect(invalidMessage({ replace: [{ pattern: 'a', replacement: '', flags: 'g' }] })).toBe(
      'rules.replace[0].flags "g" has "g"; accepted: i, m, s',
    );
    expect(invalidMessage({ replace: [{ pattern: 'a', replacement: "$'" }] })).toMatch(/uses \$` or \$'/);
    expect(invalidMessage({ remove: Array.from({ length: 51 }, (_, i) => `.c${i}`) })).toMatch(/^rules\.remove has 51 entries; at most 50/);
    expect(invalidMessage({ remove: [`.${'x'.repeat(600)}`] })).toBe('rules.remove[0] is 601 characters long; at most 500');
    expect(invalidMessage({ replace: [{ pattern: 'x'.repeat(1001), replacement: '' }] })).toMatch(/pattern is 1001 characters long; at most 1000/);
  });

  it('merges the fields given over the stored ones', () => {
    const stored = rules({ disable: ['promos'], remove: ['.ad'], body: 'article' });
    expect(feedRulesFrom({ replace: [{ pattern: 'x', replacement: 'y' }] }, stored)).toEqual({
      disable: ['promos'],
      remove: ['.ad'],
      body: 'article',
      replace: [{ pattern: 'x', replacement: 'y' }],
    });
    expect(feedRulesFrom({ body: null }, stored).body).toBeNull();
  });

  it('skips a stored rule that no longer compiles, runs the others, and names it in provenance', async () => {
    const article = await cleanWith(`<p class="ad">Buy the gadget today</p>${STORY}`, { remove: ['p.ad', 'p:bogus'] });
    expect(article.contentText).not.toContain('Buy the gadget');
    expectFired(article, 'feed-rule:invalid', 0, ['rules.remove[1] "p:bogus" is not a CSS selector css-select accepts: Unknown pseudo-class :bogus']);
  });
});

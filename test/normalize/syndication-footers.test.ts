import { describe, expect, it } from 'vitest';
import { syndicationFooters } from '../../src/normalize/rules/syndication-footers.js';
import { expectUntouched, runRule, STORY } from './helpers.js';

const link = (text: string): string => `<a href="https://site.example/x">${text}</a>`;

describe('syndication-footers rule', () => {
  it.each([
    ['Yoast (en)', `<p>The post ${link('Tomatoes Indoors')} appeared first on ${link('Backyard Almanac')}.</p>`],
    ['Yoast (es)', `<p>La entrada ${link('Tomates')} se publicó primero en ${link('Huerta')}.</p>`],
    ['Yoast (de)', `<p>Der Beitrag ${link('Tomaten')} erschien zuerst auf ${link('Garten')}.</p>`],
    ['Yoast (fr)', `<p>L’article ${link('Tomates')} est apparu en premier sur ${link('Jardin')}.</p>`],
    ['Yoast (pt)', `<p>O post ${link('Tomates')} apareceu primeiro em ${link('Horta')}.</p>`],
    ['Yoast (it)', `<p>L'articolo ${link('Pomodori')} sembra essere il primo su ${link('Orto')}.</p>`],
    ['WPeMatico credit', `<p><small>Powered by ${link('WPeMatico')}</small></p>`],
    ['FiveFilters ad note', `<p><strong>${link('Let&#8217;s block ads!')}</strong> ${link('(Why?)')}</p>`],
    ['Full-Text RSS notice', '<p>This entry passed through the Full-Text RSS service - if this is your content and you\'re reading it on someone else\'s site, please read the FAQ at fivefilters.org/content-only/faq.php#publishers.</p>'],
    ['Medium footer', `<p>${link('Why we moved')} was originally published in ${link('Engineering')} on Medium, where people are continuing the conversation by highlighting and responding to this story.</p>`],
  ])('removes a %s footer and keeps the story', (_name, footer) => {
    const out = runRule(syndicationFooters, STORY + footer);
    expect(out.removed).toBe(1);
    expect(out.text).toContain('The council approved the new budget');
    expect(out.text).toContain('ground floor.');
    expect(out.html).not.toMatch(/appeared|publicó|erschien|apparu|apareceu|primo su|WPeMatico|block ads|Full-Text|Medium/);
  });

  it('cuts a footer appended to the last sentence of a paragraph, keeping the sentence', () => {
    const out = runRule(syndicationFooters, `<p>A sunny windowsill will do [&#8230;] The post ${link('Tomatoes')} appeared first on ${link('Almanac')}.</p>`);
    expect(out.text).toBe('A sunny windowsill will do […]');
  });

  it('does not over-delete: prose that uses the same words stays', () => {
    for (const prose of [
      '<p>The post office appeared first on the list of buildings to close, officials said.</p>',
      '<p>Powered by wind and sun, the village now exports electricity.</p>',
      '<p>Why? Because nobody asked the residents, she said.</p>',
    ]) {
      expect(expectUntouched(syndicationFooters, prose + STORY)).toEqual({ removed: 0, sameText: true });
    }
  });
});

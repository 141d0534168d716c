/** Include/exclude filters: whole words, one field or all, safe regular expressions, and what is refused. */
import { describe, expect, it } from 'vitest';
import { filterVerdict, parseFilter, passesFilters } from '../../src/pipeline/filters.js';

const article = {
  title: 'Harbour wall rebuilt',
  contentText: 'The council voted for the new sea wall. Wind farms were not discussed.',
  authors: ['Jane Doe'],
  categories: ['Local News', 'Politics'],
};

describe('filters', () => {
  it('matches whole words, case-insensitively, in any field', () => {
    expect(passesFilters(article, ['harbour'], [])).toBe(true);
    expect(passesFilters(article, ['HARBOUR'], [])).toBe(true);
    // "harb" is not a word of the article, and "wall" inside "seawall" would not be either.
    expect(passesFilters(article, ['harb'], [])).toBe(false);
    expect(passesFilters(article, ['sea wall'], [])).toBe(true);
    expect(passesFilters(article, ['"wind   farms"'], [])).toBe(true);
    expect(passesFilters(article, ['jane'], [])).toBe(true);
    expect(passesFilters(article, ['politics'], [])).toBe(true);
  });

  it('narrows a filter to one field', () => {
    expect(passesFilters(article, ['title:harbour'], [])).toBe(true);
    expect(passesFilters(article, ['body:harbour'], [])).toBe(false);
    expect(passesFilters(article, ['author:"jane doe"'], [])).toBe(true);
    expect(passesFilters(article, ['author:council'], [])).toBe(false);
    expect(passesFilters(article, ['category:local news'], [])).toBe(true);
    expect(passesFilters(article, [], ['category:politics'])).toBe(false);
    expect(passesFilters(article, [], ['title:politics'])).toBe(true);
  });

  it('takes regular expressions, whole or on one field', () => {
    expect(passesFilters(article, ['/harbou?r/'], [])).toBe(true);
    expect(passesFilters(article, ['body:/wind\\s+farms?/'], [])).toBe(true);
    expect(passesFilters(article, ['title:/^wall/'], [])).toBe(false);
    expect(passesFilters(article, [], ['/COUNCIL/'])).toBe(false);
  });

  it('says which filter dropped an item', () => {
    expect(filterVerdict(article, [], ['body:council', 'x'])).toBe('excluded by "body:council"');
    expect(filterVerdict(article, ['football', 'title:rugby'], [])).toBe('matched no include filter (football, title:rugby)');
    expect(filterVerdict(article, ['harbour'], ['football'])).toBeNull();
  });

  it('refuses regular expressions that can take exponential time, and other bad filters', () => {
    for (const [filter, why] of [
      ['/(a+)+$/', /quantified group/],
      ['body:/(x*y?)*z/', /quantified group/],
      ['/(\\w{2,})+/', /quantified group/],
      ['/(a)\\1/', /backreferences/],
      ['/(?=a)b/', /lookarounds/],
      [`/${'a'.repeat(201)}/`, /at most 200/],
      ['/[/', /not a valid regular expression/],
      ['/a/g', /flags/],
      ['title:   ', /nothing to match/],
    ] as const) {
      expect(() => parseFilter(filter)).toThrow(why);
      expect(() => parseFilter(filter)).toThrow(expect.objectContaining({ code: 'INVALID_FILTER' }));
    }
  });

  it('reads a bounded part of a huge field', () => {
    const huge = { ...article, contentText: `${'filler '.repeat(20_000)}needle` };
    expect(passesFilters(huge, ['body:needle'], [])).toBe(false);
    expect(passesFilters(huge, ['body:filler'], [])).toBe(true);
  });
});

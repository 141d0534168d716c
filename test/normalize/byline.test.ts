import { describe, expect, it } from 'vitest';
import { extractByline, parseByline } from '../../src/normalize/byline.js';
import { parseHtml } from '../../src/normalize/dom.js';
import { plainText } from '../../src/normalize/text.js';
import { clean, STORY } from './helpers.js';

describe('byline parsing', () => {
  it.each([
    ['By Marta Keller and Owen Pryce', ['Marta Keller', 'Owen Pryce']],
    ['By and David Filipov,', ['David Filipov']],
    ['BY JANE DOE, Associated Press', ['Jane Doe']],
    ['By Jane Doe | March 3, 2021', ['Jane Doe']],
    ['By Jane Doe, Staff Writer', ['Jane Doe']],
    ['Posted by admin on April 7, 2014', []],
    ['Por María José García y Juan Pérez', ['María José García', 'Juan Pérez']],
    ['Von Hans-Peter Müller und Anna Schmidt', ['Hans-Peter Müller', 'Anna Schmidt']],
    ['Par Jean Dupont, correspondant à Lyon', ['Jean Dupont']],
    ['Por João da Silva e Ana Souza', ['João da Silva', 'Ana Souza']],
    ['Written by Ludwig van Beethoven', ['Ludwig van Beethoven']],
  ])('parses "%s"', (line, names) => {
    expect(parseByline(line)).toEqual(names);
  });

  it.each([
    'By the end of the year, the department must report.',
    'By Tuesday morning the river had crested.',
    'By The Numbers',
    'By Land And Sea',
    'Por la mañana, el alcalde anunció nuevas medidas.',
    'Von Anfang an war klar, dass der Plan scheitern würde.',
    'Par ailleurs, le maire a annoncé des travaux.',
    'Di solito il mercato apre alle otto.',
    'Por favor',
    'Written by hand, the letters were delivered in 1912.',
  ])('is not fooled by "%s"', (line) => {
    expect(parseByline(line)).toBeNull();
  });

  it('takes the leading byline out of the body, and only it', () => {
    const root = parseHtml(`<p class="byline"><strong>By Tom Alvarez</strong></p>${STORY}<p>By Jane Doe</p>`);
    expect(extractByline(root)).toEqual(['Tom Alvarez']);
    expect(plainText(root)).not.toContain('Tom Alvarez');
    expect(plainText(root)).toContain('By Jane Doe');
  });

  it('takes a byline that opens the first paragraph before a <br>', () => {
    const root = parseHtml('<p><strong>By Jane Doe</strong><br>WASHINGTON — The vote passed on Tuesday.</p>');
    expect(extractByline(root)).toEqual(['Jane Doe']);
    expect(plainText(root)).toBe('WASHINGTON — The vote passed on Tuesday.');
  });
});

describe('authors of an article', () => {
  it('uses the byline over a handle creator, and drops handles entirely', async () => {
    expect((await clean(`<p>By Marta Keller and Owen Pryce</p>${STORY}`, { authors: ['admin'] })).authors).toEqual([
      'Marta Keller',
      'Owen Pryce',
    ]);
    expect((await clean(`<p>Posted by admin</p>${STORY}`, { authors: ['admin'] })).authors).toEqual([]);
  });

  it('uses the feed creator when the body has no byline, split when it names several people', async () => {
    expect((await clean(STORY, { authors: ['Laura Jensen'] })).authors).toEqual(['Laura Jensen']);
    expect((await clean(STORY, { authors: ['Jane Doe and John Roe'] })).authors).toEqual(['Jane Doe', 'John Roe']);
    // A role alone and an address are not names; a handle the feed declares is its author's name (issue 12).
    expect((await clean(STORY, { authors: ['editor', 'jdoe', 'news@site.example'] })).authors).toEqual(['jdoe']);
  });

  it('keeps declared names that are lower-case or carry digits, and drops role titles around a name', async () => {
    const authorsOf = async (authors: string[]) => (await clean(STORY, { authors })).authors;
    expect(await authorsOf(['contra'])).toEqual(['contra']);
    expect(await authorsOf(['/u/name'])).toEqual(['/u/name']);
    expect(await authorsOf(['author name 1'])).toEqual(['author name 1']);
    expect(await authorsOf(['admin', 'https://site.example/about', 'Staff Writer'])).toEqual([]);
    expect(await authorsOf(['Jane Doe, Staff Writer'])).toEqual(['Jane Doe']);
    expect(await authorsOf(['Guest Blogger Jane Doe'])).toEqual(['Jane Doe']);
    expect(await authorsOf(['John Roe (Editor)'])).toEqual(['John Roe']);
    expect(await authorsOf(['Anna Schmidt, Gastautorin'])).toEqual(['Anna Schmidt']);
    expect(await authorsOf(['Redakteurin Anna Schmidt'])).toEqual(['Anna Schmidt']);
    expect(await authorsOf(['Marie Curie, rédactrice invitée'])).toEqual(['Marie Curie']);
    expect(await authorsOf(['Lucía Pérez, columnista invitada'])).toEqual(['Lucía Pérez']);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alternation, containedPhrase, matchKey } from '../../src/normalize/match.js';

/** matchKey as one chain of regular expressions: the definition its faster code must keep to the letter. */
function regexKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u00ad\u200b-\u200d\u2060\ufeff]/g, '')
    .replace(/[\u2018\u2019\u201a\u201b\u2032`\u00b4]/g, "'")
    .replace(/[\u201c\u201d\u201e\u201f\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, ' ')
    .replace(/ ([,.;:!?)\]])/g, '$1')
    .replace(/([(\[]) /g, '$1')
    .replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
}

/** Characters the key's steps treat specially, mixed into the generated texts so each step has work to do. */
const SPECIAL = [' ', '  ', '\n', '\t', '\u00a0', '\u2003', '(', ')', '[', ']', ',', '.', '!', '?', ':', '»', '…', '«', '“', '”', '’',
  '`', '\u00ad', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u2032', '\u2033', '\u00b4', '‘', '‚', '‛', '„', '‟',
  '\u2010', '\u2011', '\u2015', '–', '—', '\u2212', 'ﬁ', '①', 'É', 'ß', 'İ', '😀', '\ud800', '\udc00', '𝐀', 'a', 'Z', '7', '٣'];

describe('matchKey', () => {
  it('is the regex chain to the letter on any text', () => {
    const text = fc.array(fc.oneof(fc.constantFrom(...SPECIAL), fc.string({ unit: 'binary', maxLength: 4 })), { maxLength: 30 })
      .map((parts) => parts.join(''));
    fc.assert(fc.property(text, (t) => {
      expect(matchKey(t)).toBe(regexKey(t));
    }), { numRuns: 3000 });
  });

  it('folds typography, spacing and the punctuation at the ends', () => {
    expect(matchKey('  READ MORE »')).toBe('read more');
    expect(matchKey('«Weiterlesen…» ')).toBe('weiterlesen');
    expect(matchKey('😀 Story ( one ) , two 😀')).toBe('story (one), two');
    expect(matchKey('— – ')).toBe('');
  });
});

describe('containedPhrase', () => {
  const phrases = ['reuse', 'reused', 'all content', 'wiederverwendung', 'copia', 'per {*} uso'];
  const words = ['reuse', 'reused', 'reusedx', 'all', 'content', 'copia', 'copiad', 'per', 'uso', 'wiederverwendung', 'é', '😀', '𝐀', '٣', '7',
    ' ', '-', '.', '\ud800', '\udc00', 'x'];
  const regex = new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternation(phrases)})(?![\\p{L}\\p{N}])`, 'u');

  it('finds what the regex with a lookbehind finds, on any text', () => {
    const finder = containedPhrase(phrases);
    const text = fc.array(fc.oneof(fc.constantFrom(...words), fc.string({ unit: 'binary', maxLength: 2 })), { maxLength: 12 })
      .map((parts) => parts.join(''));
    fc.assert(fc.property(text, (t) => {
      expect(finder.test(t)).toBe(regex.test(t));
    }), { numRuns: 5000 });
  });

  it('wants whole words', () => {
    const finder = containedPhrase(phrases);
    expect(finder.test('may not be reused without')).toBe(true);
    expect(finder.test('reusedx reuse')).toBe(true);
    expect(finder.test('xreuse and reusedx')).toBe(false);
    expect(finder.test('𝐀reuse')).toBe(false);
  });
});

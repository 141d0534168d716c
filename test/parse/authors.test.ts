import { describe, expect, it } from 'vitest';
import { authorName, uniqueNames } from '../../src/parse/authors.js';

describe('authorName', () => {
  it.each([
    ['jane@example.com (Jane Doe)', 'Jane Doe'],
    ['Jane Doe <jane@example.com>', 'Jane Doe'],
    ['"Jane Doe" <jane@example.com>', 'Jane Doe'],
    ['Jane Doe (jane@example.com)', 'Jane Doe'],
    ['jane@example.com', 'jane@example.com'],
    ['  Jane   Doe ', 'Jane Doe'],
    ['Doe (Editor)', 'Doe (Editor)'],
  ])('reduces %j to %j', (input, expected) => {
    expect(authorName(input)).toBe(expected);
  });

  it('treats empty values as no author', () => {
    expect(authorName('   ')).toBeNull();
    expect(authorName(null)).toBeNull();
  });

  it('drops duplicate and empty names, keeping order', () => {
    expect(uniqueNames(['A', null, 'B', 'a', ''])).toEqual(['A', 'B']);
  });
});

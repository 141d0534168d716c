import { describe, expect, it } from 'vitest';
import { adPlaceholders } from '../../src/normalize/rules/ad-placeholders.js';
import { expectUntouched, runRule, STORY } from './helpers.js';

describe('ad-placeholders rule', () => {
  it.each([
    'Advertisement', 'ADVERTISEMENT', 'Story continues below advertisement', 'Article continues below',
    'Publicidad', 'Anzeige', 'Werbung', 'Publicité', 'La suite après cette publicité', 'Publicidade', 'Continua após a publicidade',
  ])('removes "%s" between paragraphs', (label) => {
    const out = runRule(adPlaceholders, `${STORY}<p class="x">${label}</p>${STORY}`);
    expect(out.removed).toBe(1);
    expect(out.text).not.toContain(label);
    expect(out.text.match(/ground floor\./g)).toHaveLength(2);
  });

  it('does not over-delete: prose about advertising and table cells stay', () => {
    for (const prose of [
      '<p>Advertisement spending rose 4 percent last year, the agency said.</p>',
      '<p>My grandmother clipped this recipe from a flour mill’s advertisement in the Sunday paper.</p>',
      '<p>Sponsored by the city, the festival runs through Sunday.</p>',
      '<table><tr><td>Advertisement</td><td>$4</td></tr></table>',
    ]) {
      expect(expectUntouched(adPlaceholders, STORY + prose)).toEqual({ removed: 0, sameText: true });
    }
  });
});

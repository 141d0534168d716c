import { describe, expect, it } from 'vitest';
import { creditLines } from '../../src/normalize/rules/credit-lines.js';
import { expectUntouched, runRule, STORY } from './helpers.js';

describe('credit-lines rule', () => {
  it.each([
    ['en', '<p>ASSOCIATED PRESS</p>'],
    ['en', '<p>(REPORTING BY JANE DOE; EDITING BY JOHN ROE)</p>'],
    ['en', '<p>(Reporting by Jane Doe; Editing by John Roe)</p>'],
    ['en', '<p>Photo: John Smith/Reuters</p>'],
    ['en', '<p>Photo credit: Jane Doe / The Beacon</p>'],
    ['en', '<p><em>Image: Getty Images</em></p>'],
    ['de', '<p>Foto: dpa</p>'],
    ['de', '<p>Bild: Thomas Weber / picture alliance</p>'],
    ['es', '<p>(Foto: EFE)</p>'],
    ['fr', '<p>Crédit photo : AFP</p>'],
    ['it', '<p>Foto: ANSA</p>'],
    ['pt', '<p>Foto: Agência Brasil</p>'],
    ['nl', '<p>Beeld: ANP</p>'],
  ])('removes a %s credit: %s', (_lang, credit) => {
    const out = runRule(creditLines, STORY + credit);
    expect(out.removed).toBe(1);
    expect(out.text).toContain('ground floor.');
  });

  it('keeps captions, credits inside figures, and prose in capitals or about reporting', () => {
    for (const prose of [
      '<p>Photo: The mayor speaks at the council meeting on Tuesday.</p>',
      '<figure><img src="https://n.example/a.jpg"><figcaption>Photo: Jane Doe/Reuters</figcaption></figure>',
      '<p>ASSOCIATED PRESS reporters were present at the scene when the fire broke out.</p>',
      '<p>Reporting by the team took three months and covered every district.</p>',
      '<h2>THE BUDGET IN NUMBERS</h2>',
      '<p>Foto: Die Bürgermeisterin eröffnet das neue Schwimmbad am Dienstag.</p>',
    ]) {
      expect(expectUntouched(creditLines, STORY + prose)).toEqual({ removed: 0, sameText: true });
    }
  });
});

import { describe, expect, it } from 'vitest';
import { statusLines } from '../../src/normalize/rules/status-lines.js';
import { expectUntouched, runRule, STORY } from './helpers.js';

describe('status-lines rule', () => {
  it.each([
    ['en', '<p>Published 10:32 AM EST, Tue March 5, 2024</p>'],
    ['en', '<p>Updated: 5 March 2024, 11:02 | Last modified on Tue 5 Mar 2024 12.01 GMT</p>'],
    ['en', '<p><em>Updated 3 hours ago</em></p>'],
    ['de', '<p>Aktualisiert am 05.03.2024, 11:02 Uhr</p>'],
    ['de', '<p>Stand: 05.03.2024</p>'],
    ['fr', '<p>Publié le 5 mars 2024 à 10h32 | Mis à jour le 5 mars 2024 à 11h02</p>'],
    ['es', '<p>Actualizado: 05/03/2024 11:02</p>'],
    ['es', '<p>Publicado el 5 de marzo de 2024</p>'],
    ['it', '<p>Aggiornato il 05/03/2024 alle 11:02</p>'],
    ['pt', '<p>Atualizado em 5 de março de 2024 às 11h02</p>'],
    ['nl', '<p>Laatst bijgewerkt: 5 maart 2024 11:02</p>'],
  ])('removes a %s status line: %s', (_lang, line) => {
    const out = runRule(statusLines, line + STORY);
    expect(out.removed).toBe(1);
    expect(out.text.startsWith('The council approved')).toBe(true);
  });

  it('removes a bare date at the top or the bottom, not in the middle', () => {
    expect(runRule(statusLines, '<p>Tue 5 Mar 2024 12.01 GMT</p>' + STORY).removed).toBe(1);
    expect(runRule(statusLines, STORY + '<p>5 marzo 2024</p>').removed).toBe(1);
    const middle = '<p>The first session.</p><p>March 5, 2024</p><p>The second session went on until late at night.</p>';
    expect(expectUntouched(statusLines, middle)).toEqual({ removed: 0, sameText: true });
  });

  it('keeps sentences that open with a status word', () => {
    for (const prose of [
      '<p>Published in 1851, the novel sold poorly at first.</p>',
      '<p>Updated guidance from the ministry arrived on March 5, 2024, after weeks of delay.</p>',
      '<p>Pubblicato il romanzo, l\'autore partì per Roma il 5 marzo.</p>',
      '<p>Aktualisiert wurde die Liste am 5. März von der Behörde.</p>',
    ]) {
      expect(expectUntouched(statusLines, prose + STORY)).toEqual({ removed: 0, sameText: true });
    }
  });
});

import { describe, expect, it } from 'vitest';
import { legalNotices } from '../../src/normalize/rules/legal-notices.js';
import { expectUntouched, runRule, STORY } from './helpers.js';

describe('legal-notices rule', () => {
  it.each([
    ['en', '<p>© 2024 The Beacon Media Group</p>'],
    ['en', '<p>Copyright 2023 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.</p>'],
    ['en', '<p><small>For personal, non-commercial use only.</small></p>'],
    ['en', '<p>This content may not be republished without permission.</p>'],
    ['de', '<p>© 2024 Rheinpost. Alle Rechte vorbehalten.</p>'],
    ['de', '<p>Nachdruck nur mit Genehmigung der Redaktion.</p>'],
    ['fr', '<p>© Le Courrier 2024. Tous droits réservés. Reproduction interdite.</p>'],
    ['es', '<p>Todos los derechos reservados. Prohibida su reproducción total o parcial.</p>'],
    ['it', '<p>© Riproduzione riservata</p>'],
    ['it', '<p>RIPRODUZIONE RISERVATA</p>'],
    ['pt', '<p>© 2024 Folha do Sul. Todos os direitos reservados.</p>'],
    ['nl', '<p>© 2024 De Krant. Alle rechten voorbehouden.</p>'],
  ])('removes a %s notice: %s', (_lang, notice) => {
    const out = runRule(legalNotices, STORY + notice);
    expect(out.removed).toBe(1);
    expect(out.text).toContain('ground floor.');
  });

  it('keeps prose about copyright, rights and republication', () => {
    for (const prose of [
      '<p>Copyright law is complex, and the judge said the case would take years.</p>',
      '<p>The court ruled that the photos may not be republished without permission from the family.</p>',
      '<p>The agency said the figures were accurate. All rights reserved, the contract stated, belong to the author.</p>',
      '<p>Tous droits réservés : la mention figurait sur chaque page du manuscrit retrouvé dans la cave, selon les enquêteurs.</p>',
      '<figure><img src="https://n.example/a.jpg"><figcaption>© Jane Doe</figcaption></figure>',
    ]) {
      expect(expectUntouched(legalNotices, STORY + prose)).toEqual({ removed: 0, sameText: true });
    }
  });
});

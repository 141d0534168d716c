import { describe, expect, it } from 'vitest';
import { entryMeta } from '../../src/normalize/rules/entry-meta.js';
import { expectUntouched, runRule, STORY } from './helpers.js';

describe('entry-meta rule', () => {
  it.each([
    ['en', 'This entry was posted in <a href="/c/a">Community</a>, <a href="/c/b">Parks</a> and tagged <a href="/t/x">cleanup</a>. Bookmark the <a href="/p">permalink</a>.'],
    ['es', 'Esta entrada fue publicada en <a href="/c">Noticias</a>. Guarda el <a href="/p">enlace permanente</a>.'],
    ['de', 'Dieser Beitrag wurde unter <a href="/c">Allgemein</a> veröffentlicht. Setze ein Lesezeichen auf den <a href="/p">Permalink</a>.'],
    ['fr', 'Cette entrée a été publiée dans <a href="/c">Actualités</a>. Mettez-la en favori avec son <a href="/p">permalien</a>.'],
    ['pt', 'Esta entrada foi publicada em <a href="/c">Notícias</a>. Adicione o <a href="/p">link permanente</a> aos seus favoritos.'],
    ['tags line', 'Tags: <a href="/t/a">budget</a>, <a href="/t/b">library</a>'],
    ['posted in', 'Posted in <a href="/c/a">Local</a> | <a href="#comments">Leave a comment</a>'],
  ])('removes the %s entry meta line', (_name, line) => {
    const out = runRule(entryMeta, `${STORY}<div class="x">${line}</div>`);
    expect(out.removed).toBe(1);
    expect(out.text).toContain('ground floor.');
    expect(out.text).not.toMatch(/posted|publicada|Beitrag|publiée|publicada em|Tags/i);
  });

  it('does not over-delete: sentences opening with meta words stay', () => {
    for (const prose of [
      '<p>Tags: the children made name tags for everyone at the party.</p>',
      '<p>Posted in the window was a notice about the closure.</p>',
      '<p>Filed under seal, the documents remain secret.</p>',
      '<p>Publicado en el boletín oficial el martes, el decreto entra en vigor hoy.</p>',
    ]) {
      expect(expectUntouched(entryMeta, STORY + prose)).toEqual({ removed: 0, sameText: true });
    }
  });
});

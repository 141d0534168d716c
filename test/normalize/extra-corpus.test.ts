import { describe, expect, it } from 'vitest';
import { loadCorpus, scoreCorpus } from './corpus-cases.js';

/**
 * Our own held-out-like cases (test/normalize/cases): other sites, wordings and languages than the public
 * corpus, junk at the top, in the middle and inside paragraphs, and controls full of junk-looking prose.
 * Scored in-process with the public corpus's measures and thresholds.
 */
const EXTRA_DIR = new URL('./cases/', import.meta.url).pathname;

describe('article-cleaning corpus (our extra cases, scored in-process)', () => {
  it('meets the thresholds: keep ≥ 99%, drop ≥ 98%, authors ≥ 95%, URLs and sanitize 100%', async () => {
    const cases = loadCorpus(EXTRA_DIR);
    expect(cases.length).toBeGreaterThanOrEqual(30);
    const { results, totals } = await scoreCorpus(cases);
    const failures = results
      .filter((r) => r.keep.missing.length || r.drop.present.length || (r.authors && !r.authors.ok) || (r.url && !r.url.ok) || !r.sanitize.ok)
      .map((r) => ({ id: r.id, missing: r.keep.missing, present: r.drop.present, authors: r.authors, url: r.url, sanitize: r.sanitize.violations }));
    expect(totals.keep, JSON.stringify(failures)).toBeGreaterThanOrEqual(0.99);
    expect(totals.drop, JSON.stringify(failures)).toBeGreaterThanOrEqual(0.98);
    expect(totals.authors, JSON.stringify(failures)).toBeGreaterThanOrEqual(0.95);
    expect(totals.urls).toBe(1);
    expect(totals.sanitize).toBe(1);
  });

  it('leaves the text of the control cases exactly as the author wrote it', async () => {
    const controls = loadCorpus(EXTRA_DIR).filter((c) => c.family.includes('control'));
    expect(controls.length).toBeGreaterThan(0);
    const { results } = await scoreCorpus(controls);
    for (const r of results) expect(r.keep.missing, r.id).toEqual([]);
  });
});

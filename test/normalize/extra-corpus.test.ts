import { describe, expect, it } from 'vitest';
import { failuresOf, loadCorpus, scoreCorpus, THRESHOLDS } from './corpus-cases.js';

/**
 * Our own held-out-like cases (test/normalize/cases): other sites, wordings and languages than the public
 * corpus, junk at the top, in the middle and inside paragraphs, Atom and summary-only items, and controls
 * full of junk-looking prose. Scored in-process with the public corpus's measures and thresholds.
 */
const EXTRA_DIR = new URL('./cases/', import.meta.url).pathname;

describe('article-cleaning corpus (our extra cases, scored in-process)', () => {
  it('meets the same thresholds as the public cases', async () => {
    const cases = loadCorpus(EXTRA_DIR);
    expect(cases.length).toBeGreaterThanOrEqual(30);
    const { results, totals } = await scoreCorpus(cases);
    const failures = failuresOf(results);
    for (const measure of ['keep', 'drop', 'authors'] as const) {
      expect(totals[measure], `${measure}: ${failures}`).toBeGreaterThanOrEqual(THRESHOLDS[measure]);
    }
    expect([totals.urls, totals.sanitize], failures).toEqual([THRESHOLDS.urls, THRESHOLDS.sanitize]);
  });

  it('keeps every word of the control cases, in every language', async () => {
    const controls = loadCorpus(EXTRA_DIR).filter((c) => c.family.includes('control'));
    expect(controls.length).toBeGreaterThanOrEqual(5);
    const { results } = await scoreCorpus(controls);
    expect(results.filter((r) => r.keep.missing.length > 0).map((r) => ({ id: r.id, missing: r.keep.missing }))).toEqual([]);
  });
});

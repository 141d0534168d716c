import { describe, expect, it } from 'vitest';
import { failuresOf, loadCorpus, scoreCorpus, THRESHOLDS } from './corpus-cases.js';

describe('article-cleaning corpus (public cases, scored in-process)', () => {
  it('meets the thresholds: keep ≥ 99%, drop ≥ 98%, authors ≥ 95%, URLs and sanitize 100%', async () => {
    const cases = loadCorpus();
    expect(cases.length).toBeGreaterThanOrEqual(16);
    const { results, totals } = await scoreCorpus(cases);
    const failures = failuresOf(results);
    expect(totals.keep, failures).toBeGreaterThanOrEqual(THRESHOLDS.keep);
    expect(totals.drop, failures).toBeGreaterThanOrEqual(THRESHOLDS.drop);
    expect(totals.authors, failures).toBeGreaterThanOrEqual(THRESHOLDS.authors);
    expect(totals.urls).toBe(THRESHOLDS.urls);
    expect(totals.sanitize).toBe(THRESHOLDS.sanitize);
  });

  it('leaves the text of the control cases exactly as the author wrote it', async () => {
    const controls = loadCorpus().filter((c) => c.family.includes('control'));
    expect(controls.length).toBeGreaterThan(0);
    const { results } = await scoreCorpus(controls);
    for (const r of results) expect(r.keep.missing, r.id).toEqual([]);
  });
});

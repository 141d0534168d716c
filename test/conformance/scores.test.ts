/**
 * The two scored gates, run the way the held-out halves are scored: through
 * the real `feedloom preview` command (dist/ is built first).
 * - issue 5: feedparser's public test suite through the shared harness, >= 95% of in-scope tests;
 * - issue 3: the article-cleaning corpus through the shared scorer, with full text off.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { buildCli, CLI, ROOT, SHARED } from './build.js';

const THRESHOLD = 95;

beforeAll(() => buildCli(), 120_000);

it(`passes at least ${THRESHOLD}% of feedparser's in-scope tests`, () => {
  const out = mkdtempSync(join(tmpdir(), 'feedloom-conformance-'));
  execFileSync(
    'python3',
    [
      join(SHARED, 'conformance/run_conformance.py'),
      join(SHARED, 'conformance/feedparser-tests'),
      '--cmd',
      `ALLOW_HOSTS=127.0.0.1 node ${CLI} preview {file} --json`,
      '--shell',
      '-j',
      '2',
      '--out',
      out,
    ],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], timeout: 900_000 },
  );
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { total: { passed: number; in_scope: number } };
  const rate = (100 * summary.total.passed) / summary.total.in_scope;
  console.log(`feedparser conformance: ${summary.total.passed}/${summary.total.in_scope} = ${rate.toFixed(1)}% of in-scope tests`);
  expect(rate).toBeGreaterThanOrEqual(THRESHOLD);
}, 900_000);

it('scores keep ≥ 99%, drop ≥ 98%, authors ≥ 95%, urls and sanitize 100% through the CLI', () => {
  const output = execFileSync(
    'node',
    [
      join(SHARED, 'corpus/tools/score.mjs'),
      join(SHARED, 'corpus/cleaning'),
      '--cmd',
      `ALLOW_HOSTS=127.0.0.1 node ${CLI} preview {url} --json --full-text never`,
      '--quiet',
    ],
    { cwd: ROOT, encoding: 'utf8', timeout: 300_000 },
  );
  const last = output.trim().split('\n').pop() ?? '';
  console.log(last);
  const score = (name: string) => Number(new RegExp(`${name} ([0-9.]+)%`).exec(last)?.[1]);
  expect(score('keep')).toBeGreaterThanOrEqual(99);
  expect(score('drop')).toBeGreaterThanOrEqual(98);
  expect(score('authors')).toBeGreaterThanOrEqual(95);
  expect(score('urls')).toBe(100);
  expect(score('sanitize')).toBe(100);
}, 300_000);

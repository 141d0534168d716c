/**
 * The two scored gates, run the way the held-out halves are scored: through
 * the real `feedloom preview` command (dist/ is built first).
 * - issue 5/12: feedparser's public test suite through the shared harness, >= 99% of in-scope tests;
 * - issue 3: the article-cleaning corpus through the shared scorer, with full text off.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { buildCli, CLI, ROOT, SHARED } from './build.js';

/** Issue 12: the public half stays >= 99% (the held-out half is scored per file, by the same rules). */
const THRESHOLD = 99;

beforeAll(() => buildCli(), 120_000);

it(`passes at least ${THRESHOLD}% of feedparser's in-scope tests, and every file runs`, () => {
  const out = mkdtempSync(join(tmpdir(), 'feedloom-conformance-'));
  // The shared harness, unmodified, with one long-lived `preview --batch` process per worker instead of
  // one process per file: the same judging in seconds instead of minutes (batch_conformance.py says how).
  let failedGate = false;
  try {
    execFileSync(
      'python3',
      [
        join(ROOT, 'test/conformance/batch_conformance.py'),
        join(SHARED, 'conformance'),
        join(SHARED, 'conformance/feedparser-tests'),
        '--cmd',
        `ALLOW_HOSTS=127.0.0.1 node ${CLI} preview --batch`,
        '-j',
        '2',
        '--quiet',
        '--fail-under',
        String(THRESHOLD),
        '--out',
        out,
      ],
      { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], timeout: 300_000 },
    );
  } catch (err) {
    // Exit status 1 is the harness' own --fail-under verdict; anything else is a broken run.
    if ((err as { status?: number }).status !== 1) throw err;
    failedGate = true;
  }
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
    total: { files: number; passed: number; in_scope: number; errored: number; timeouts: number; ran_ok: number };
  };
  const { total } = summary;
  const rate = (100 * total.passed) / total.in_scope;
  console.log(`feedparser conformance: ${total.passed}/${total.in_scope} = ${rate.toFixed(1)}% of in-scope tests; ran OK ${total.ran_ok}/${total.files}`);
  expect(total.in_scope).toBeGreaterThan(600);
  expect(rate).toBeGreaterThanOrEqual(THRESHOLD);
  expect(failedGate).toBe(false);
  // "Nothing crashes": every file, in scope or not, gives contract JSON.
  expect({ errored: total.errored, timeouts: total.timeouts, ranOk: total.ran_ok }).toEqual({ errored: 0, timeouts: 0, ranOk: total.files });
}, 300_000);

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

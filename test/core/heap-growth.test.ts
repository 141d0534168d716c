/**
 * HEAP_GROWTH_PERCENT: the factor V8 applies over the live heap after a full
 * collection. A child node process (the setting is process-wide) sets it and
 * collects; V8's own GC trace states the limit it chose and the factor used.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config/index.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The factors of the old-generation limits V8 set after each full GC in a process that called limitHeapGrowth(percent). */
function limitFactors(percent: number): string[] {
  const script = [
    "import { limitHeapGrowth } from './src/core/heap-growth.ts';",
    `limitHeapGrowth(${percent});`,
    // Something alive, so the limit is computed over a real heap.
    'const kept = Array.from({ length: 100000 }, (_, i) => ({ i }));',
    'globalThis.gc();',
    'console.log(kept.length);',
  ].join('\n');
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', '--trace-gc-verbose', '--input-type=module', '-e', script], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  expect(run.status).toBe(0);
  return [...run.stdout.matchAll(/\[HeapController\] Limit: .*\(([\d.]+)\)/g)].map((match) => match[1]!);
}

describe('heap growth', () => {
  it('the percent set is the factor of every limit after a full GC', () => {
    const half = limitFactors(50);
    expect(half.length).toBeGreaterThan(0);
    expect(new Set(half)).toEqual(new Set(['1.5']));
    expect(new Set(limitFactors(100))).toEqual(new Set(['2.0']));
  });

  it('HEAP_GROWTH_PERCENT defaults to 50, 0 gives V8 its own choice, past 300 is refused', () => {
    expect(loadConfig({}).heapGrowthPercent).toBe(50);
    expect(loadConfig({ HEAP_GROWTH_PERCENT: '0' }).heapGrowthPercent).toBe(0);
    expect(() => loadConfig({ HEAP_GROWTH_PERCENT: '301' })).toThrow(ConfigError);
    expect(() => loadConfig({ HEAP_GROWTH_PERCENT: '-1' })).toThrow(/HEAP_GROWTH_PERCENT/);
  });
});

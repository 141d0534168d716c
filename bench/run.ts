/**
 * `npm run bench`: every benchmark in turn on the same inputs, one table at
 * the end, grouped by suite. Numbers, not assertions: compare them with the
 * targets of docs/design.md. `--json` prints the same numbers as JSON too.
 */
import { benchIdle } from './idle.js';
import { benchNormalize } from './normalize.js';
import { benchParse } from './parse.js';
import { benchPipeline } from './pipeline.js';
import { benchStorage } from './storage.js';

type Results = Record<string, number | string>;

const suites: [string, () => Promise<Record<string, number>>][] = [
  ['parse', benchParse],
  ['normalize', benchNormalize],
  ['pipeline', benchPipeline],
  ['storage', benchStorage],
  ['idle', benchIdle],
];

/**
 * The group a metric is shown under: its own dotted prefix when it has one
 * (the pipeline suite reports `storage.*` as well), else the suite that made it.
 */
function grouped(suite: string, metrics: Results): [group: string, metric: string, value: number | string][] {
  return Object.entries(metrics).map(([key, value]) => {
    const dot = key.indexOf('.');
    return dot > 0 ? [key.slice(0, dot), key.slice(dot + 1), value] : [suite, key, value];
  });
}

function formatted(value: number | string): string {
  return typeof value === 'number' ? value.toLocaleString('en-US', { maximumFractionDigits: 3 }) : value;
}

/** A plain-text table: one heading a group, metric names left, values right-aligned. */
function table(rows: [string, string, number | string][]): string {
  const byGroup = new Map<string, [string, string][]>();
  for (const [group, metric, value] of rows) {
    const list = byGroup.get(group) ?? [];
    list.push([metric, formatted(value)]);
    byGroup.set(group, list);
  }
  const nameWidth = Math.max(...rows.map(([, metric]) => metric.length));
  const valueWidth = Math.max(...[...byGroup.values()].flat().map(([, value]) => value.length));
  const lines: string[] = [];
  for (const [group, metrics] of byGroup) {
    lines.push('', group);
    for (const [metric, value] of metrics) lines.push(`  ${metric.padEnd(nameWidth)}  ${value.padStart(valueWidth)}`);
  }
  return lines.join('\n');
}

const rows: [string, string, number | string][] = [];
const json: Results = {};
const failed: string[] = [];
for (const [name, run] of suites) {
  process.stderr.write(`running ${name}…\n`);
  let metrics: Results;
  try {
    metrics = await run();
  } catch (err) {
    failed.push(name);
    metrics = { error: err instanceof Error ? err.message : String(err) };
  }
  rows.push(...grouped(name, metrics));
  for (const [group, metric, value] of grouped(name, metrics)) json[`${group}.${metric}`] = value;
}
console.log(table(rows));
if (process.argv.includes('--json')) console.log(JSON.stringify(json, null, 2));
// The other suites still ran and printed; the exit code says that a number is missing.
if (failed.length > 0) {
  process.stderr.write(`benchmarks failed: ${failed.join(', ')}\n`);
  process.exitCode = 1;
}

/**
 * `npm run bench`: every benchmark in turn, one table at the end. Numbers,
 * not assertions: compare them with the Stack table of DESIGN.md.
 */
import { benchIdle } from './idle.js';
import { benchNormalize } from './normalize.js';
import { benchParse } from './parse.js';
import { benchPipeline } from './pipeline.js';
import { benchStorage } from './storage.js';

const suites: [string, () => Promise<Record<string, number>>][] = [
  ['parse', benchParse],
  ['normalize', benchNormalize],
  ['pipeline', benchPipeline],
  ['storage', benchStorage],
  ['idle', benchIdle],
];

const results: Record<string, number | string> = {};
const failed: string[] = [];
for (const [name, run] of suites) {
  process.stderr.write(`running ${name}…\n`);
  try {
    Object.assign(results, await run());
  } catch (err) {
    failed.push(name);
    results[`${name}.error`] = err instanceof Error ? err.message : String(err);
  }
}
console.table(Object.entries(results).map(([metric, value]) => ({ metric, value })));
// The other suites still ran and printed; the exit code says that a number is missing.
if (failed.length > 0) {
  process.stderr.write(`benchmarks failed: ${failed.join(', ')}\n`);
  process.exitCode = 1;
}
// The idle benchmark leaves a handle open after its service closed (not yet found): the numbers are printed, so end here.
process.exit(process.exitCode ?? 0);

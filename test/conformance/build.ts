/**
 * The scorers run the real `feedloom preview` command, so these tests build
 * dist/ first (once per file; tsc is incremental enough for a second build).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export { SHARED } from '../helpers/shared-corpora.js';
export const CLI = 'dist/src/cli.js';

export function buildCli(): void {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
}

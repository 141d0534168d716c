/**
 * The scorers run the real `feedloom preview` command, so these tests build
 * dist/ first (once per file; tsc is incremental enough for a second build).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/**
 * The shared corpora sit beside the repository (`../shared`); FEEDLOOM_SHARED
 * points elsewhere, e.g. from a git worktree one level deeper.
 */
export const SHARED = process.env.FEEDLOOM_SHARED ?? fileURLToPath(new URL('../../../shared/', import.meta.url));
export const CLI = 'dist/src/cli.js';

if (!existsSync(SHARED)) throw new Error(`the shared corpora are not at ${SHARED}: set FEEDLOOM_SHARED`);

export function buildCli(): void {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
}

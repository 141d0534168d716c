/**
 * Where the shared corpora are: beside the repository (`../shared`), or where
 * FEEDLOOM_SHARED points (a clone elsewhere, a git worktree one level deeper).
 * The corpus and conformance tests read them; without them those tests fail
 * and say where they looked.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const SHARED = process.env.FEEDLOOM_SHARED ?? fileURLToPath(new URL('../../../shared/', import.meta.url));

if (!existsSync(SHARED)) throw new Error(`the shared corpora are not at ${SHARED}: set FEEDLOOM_SHARED`);

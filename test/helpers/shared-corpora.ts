/**
 * Where the shared corpora are: the copy this repository carries
 * (`test/shared`: the cleaning corpus, the public half of feedparser's tests
 * and their scorers), or where FEEDLOOM_SHARED points (a newer or fuller
 * set, such as the team's `../shared`). The corpus and conformance tests
 * read them; without them those tests fail and say where they looked.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const SHARED = process.env.FEEDLOOM_SHARED ?? fileURLToPath(new URL('../shared/', import.meta.url));

if (!existsSync(SHARED)) throw new Error(`the shared corpora are not at ${SHARED}: set FEEDLOOM_SHARED`);

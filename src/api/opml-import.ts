/**
 * Registers the feeds of an OPML file through the one registration path
 * (pipeline/registration.ts), without discovery: the outlines name feed URLs
 * already, and the first fetch of each new feed shows whether it works. A bad
 * outline is reported in `invalid` and does not stop the others.
 */
import { FeedloomError } from '../core/errors.js';
import { mapLimited } from '../core/map-limited.js';
import type { OpmlImport } from '../opml/parse.js';
import { registerFeed, type RegistrationDeps } from '../pipeline/registration.js';
import { httpStatusOf } from './error-status.js';

export interface OpmlImportResult {
  created: number;
  existing: number;
  invalid: { url: string; message: string }[];
  createdIds: string[];
}

/** DNS lookups of the SSRF guard dominate; a few at a time keeps a 10,000-outline file quick without a lookup storm. */
const CONCURRENCY = 8;
const MAX_TITLE = 500;
const MAX_TAGS = 50;
const MAX_TAG_LENGTH = 100;

export async function importOpml(
  parsed: OpmlImport,
  deps: RegistrationDeps,
  now: Date = new Date(),
): Promise<OpmlImportResult> {
  const result: OpmlImportResult = { created: 0, existing: 0, invalid: [...parsed.invalid], createdIds: [] };
  await mapLimited(parsed.outlines, CONCURRENCY, async (outline) => {
    try {
      const { feed, created } = await registerFeed(
        {
          url: outline.url,
          title: outline.title?.slice(0, MAX_TITLE) ?? null,
          tags: outline.tags.slice(0, MAX_TAGS).map((tag) => tag.slice(0, MAX_TAG_LENGTH)),
        },
        deps,
        { discover: false, now },
      );
      if (created) {
        result.created += 1;
        result.createdIds.push(feed.id);
      } else {
        result.existing += 1;
      }
    } catch (err) {
      // Refusals of this one URL (bad URL, blocked address) are the user's to fix; anything else is ours.
      if (!(err instanceof FeedloomError) || httpStatusOf(err) >= 500) throw err;
      result.invalid.push({ url: outline.url, message: err.message });
    }
  });
  return result;
}

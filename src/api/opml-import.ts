/**
 * Registers the feeds of an OPML file. The outlines name feed URLs already,
 * so nothing is fetched: each URL passes the SSRF guard and the duplicate
 * check, and the first fetch of each new feed shows whether it works. A bad
 * outline is reported in `invalid` and does not stop the others.
 */
import type { Config } from '../../config/index.js';
import { FeedloomError } from '../core/errors.js';
import { assertFetchableUrl } from '../fetch/ssrf.js';
import type { OpmlImport } from '../opml/index.js';
import { mapLimited } from '../pipeline/articles.js';
import { normalizeFeedUrl } from '../pipeline/feeds.js';
import type { Store } from '../store/types.js';

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
  deps: { store: Store; config: Pick<Config, 'allowHosts'> },
  now: Date = new Date(),
): Promise<OpmlImportResult> {
  const result: OpmlImportResult = { created: 0, existing: 0, invalid: [...parsed.invalid], createdIds: [] };
  await mapLimited(parsed.outlines, CONCURRENCY, async (outline) => {
    try {
      await assertFetchableUrl(outline.url, deps.config.allowHosts);
      const { feed, created } = await deps.store.feeds.create({
        url: normalizeFeedUrl(outline.url),
        title: outline.title?.slice(0, MAX_TITLE) ?? null,
        pollIntervalSeconds: null,
        fullText: 'auto',
        include: [],
        exclude: [],
        tags: outline.tags.slice(0, MAX_TAGS).map((tag) => tag.slice(0, MAX_TAG_LENGTH)),
        nextFetchAt: now,
      });
      if (created) {
        result.created += 1;
        result.createdIds.push(feed.id);
      } else {
        result.existing += 1;
      }
    } catch (err) {
      // Refusals of this one URL (bad URL, blocked address) are the user's to fix; anything else is ours.
      if (!(err instanceof FeedloomError) || err.statusCode >= 500) throw err;
      result.invalid.push({ url: outline.url, message: err.message });
    }
  });
  return result;
}

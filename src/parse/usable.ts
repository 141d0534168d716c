import type { FeedItem, ParsedFeed } from '../core/model.js';
import { ParseError } from '../core/errors.js';

/**
 * Whether a parsed feed gives a reader anything. A lenient parse always
 * "succeeds", so without this a broken document would look like a quiet feed:
 * XML so broken that no item survived, or items that are all empty shells,
 * are failures of the feed (recorded with their cause), not zero new articles.
 */

function saysSomething(item: FeedItem): boolean {
  return !!(item.title || item.url || item.contentHtml || item.summaryHtml || item.imageUrl || item.enclosures.length > 0);
}

/** Throws a ParseError naming the cause when `feed` has nothing usable; an empty, well-formed feed is fine. */
export function assertUsableFeed(feed: ParsedFeed, where: string): void {
  if (feed.warning && feed.items.length === 0) {
    throw new ParseError('MALFORMED_FEED', `${where}: ${feed.warning.replace(/; it was read leniently\.$/, '')} and no item could be read from it.`);
  }
  if (feed.items.length > 0 && !feed.items.some(saysSomething)) {
    throw new ParseError('NO_VALID_ITEMS', `${where}: none of its ${feed.items.length} item(s) has a title, link, text or attachment.`);
  }
}

import { createHash } from 'node:crypto';
import type { FeedItem } from '../core/model.js';
import { resolveHtmlUrls } from './html.js';

/** An item as a format reader builds it: everything but a guaranteed guid. */
export type ItemDraft = Omit<FeedItem, 'guid'> & { guid: string | null };

/**
 * The guid of an item without one of its own: a hash of what it says. Its body is hashed resolved, as the
 * parser handed bodies over before it left their URLs for normalize: a guid that changed with that would make
 * every such item of every feed new again. Few items lack both a guid and a link, so few pay this parse.
 */
function fingerprint(item: ItemDraft): string {
  const body = item.contentHtml ?? item.summaryHtml;
  const parts = [item.url ?? '', item.title ?? '', item.publishedAt ?? item.updatedAt ?? '', body === null ? '' : resolveHtmlUrls(body, item.baseUrl)];
  return `sha1:${createHash('sha1').update(parts.join('\u0000')).digest('hex')}`;
}

/**
 * Gives every item a guid: its own, else its link, else (or when another item
 * already has that link) a hash of what it says, numbered when two items say
 * the same. Keeps the first of items sharing a guid of their own (feeds repeat
 * entries) and the first `maxItems`.
 */
export function finalizeItems(drafts: ItemDraft[], maxItems?: number): FeedItem[] {
  const limit = maxItems !== undefined && maxItems >= 0 ? maxItems : Infinity;
  const seen = new Set<string>();
  const items: FeedItem[] = [];
  for (const draft of drafts) {
    if (items.length >= limit) break;
    const own = draft.guid?.trim();
    let guid = own || (draft.url && !seen.has(draft.url) ? draft.url : fingerprint(draft));
    if (seen.has(guid)) {
      // A repeated guid is a repeated entry; items without one are different items that happen to look alike.
      if (own) continue;
      let n = 2;
      while (seen.has(`${guid}#${n}`)) n += 1;
      guid = `${guid}#${n}`;
    }
    seen.add(guid);
    items.push({ ...draft, guid });
  }
  return items;
}

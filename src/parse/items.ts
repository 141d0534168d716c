import { createHash } from 'node:crypto';
import type { FeedItem } from '../core/model.js';

/** An item as a format reader builds it: everything but a guaranteed guid. */
export type ItemDraft = Omit<FeedItem, 'guid'> & { guid: string | null };

/** A guid for items that carry none: their link, else a stable hash of what they say. */
function fallbackGuid(item: ItemDraft): string {
  if (item.url) return item.url;
  const fingerprint = [item.title ?? '', item.publishedAt ?? item.updatedAt ?? '', item.contentHtml ?? item.summaryHtml ?? ''].join('\u0000');
  return `sha1:${createHash('sha1').update(fingerprint).digest('hex')}`;
}

/**
 * Gives every item a guid, keeps the first of items sharing one (feeds
 * repeat entries), and keeps the first `maxItems`.
 */
export function finalizeItems(drafts: ItemDraft[], maxItems?: number): FeedItem[] {
  const limit = maxItems !== undefined && maxItems >= 0 ? maxItems : Infinity;
  const seen = new Set<string>();
  const items: FeedItem[] = [];
  for (const draft of drafts) {
    if (items.length >= limit) break;
    const guid = draft.guid?.trim() || fallbackGuid(draft);
    if (seen.has(guid)) continue;
    seen.add(guid);
    items.push({ ...draft, guid });
  }
  return items;
}

import { createHash } from 'node:crypto';
import type { FeedItem } from '../core/model.js';

/** An item as a format reader builds it: everything but a guaranteed guid. */
export type ItemDraft = Omit<FeedItem, 'guid'> & { guid: string | null };

function fingerprint(item: ItemDraft): string {
  const parts = [item.url ?? '', item.title ?? '', item.publishedAt ?? item.updatedAt ?? '', item.contentHtml ?? item.summaryHtml ?? ''];
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

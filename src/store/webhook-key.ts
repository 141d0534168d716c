/**
 * What makes two subscriptions the same: the URL, the set of events and the
 * set of feeds (every feed is its own value). Hashed so the unique index
 * stays small whatever the URL's length.
 */
import { sha256Hex } from '../core/hash.js';

export function webhookMatchKey(url: string, events: readonly string[], feedIds: readonly string[] | null): string {
  const sorted = (values: readonly string[]) => [...new Set(values)].sort();
  return sha256Hex(JSON.stringify([url, sorted(events), feedIds === null ? null : sorted(feedIds)]));
}

/**
 * Row ids: UUIDv7 (RFC 9562) with its 12-bit counter, so ids made in the same
 * millisecond by this process still sort in creation order. Sortable ids give
 * cursors a stable tie-breaker and keep B-tree inserts at the right edge.
 */
import { randomBytes } from 'node:crypto';

let lastMs = 0;
let counter = 0;

export function newId(now: number = Date.now()): string {
  let ms = Math.max(now, lastMs);
  if (ms === lastMs) {
    counter += 1;
    if (counter > 0xfff) {
      // 4096 ids in one millisecond: borrow the next millisecond rather than lose the order.
      ms += 1;
      counter = randomBytes(1)[0]! & 0x7f;
    }
  } else {
    // Start low in the counter space so a busy millisecond has room to count up.
    counter = randomBytes(1)[0]! & 0x7f;
  }
  lastMs = ms;
  const random = randomBytes(8);
  random[0] = (random[0]! & 0x3f) | 0x80;
  const hex =
    ms.toString(16).padStart(12, '0') + (0x7000 | counter).toString(16).padStart(4, '0') + random.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

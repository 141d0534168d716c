/**
 * Near-duplicate fingerprints: the same story carried by two feeds with small
 * differences (another headline, another footer, an edited sentence). Pure:
 * no store, no clock.
 *
 * A text is the set of its overlapping word shingles; two texts are as alike
 * as the Jaccard similarity of those sets (shared / all). MinHash keeps, for
 * each of BANDS * ROWS fixed hash functions, the smallest shingle hash: two
 * texts agree on one of them with probability equal to their similarity. The
 * values are grouped ROWS at a time into BANDS band keys, and two texts that
 * share any band key are candidates (LSH). With 16 bands of 3 rows a pair at
 * similarity 0.6 becomes a candidate with probability 0.98, at 0.5 with 0.88,
 * at 0.05 (two unrelated stories on one subject) with 0.002; candidates are then
 * compared exactly (`jaccard`).
 *
 * Why not SimHash: on news items of 50 to 300 words a swapped footer moves a
 * 64-bit SimHash by 5 to 20 bits, while an index over bands only finds pairs
 * within 3 bits for sure; MinHash bands have no such cliff.
 *
 * The hash functions are fixed constants: band keys are stored, so changing
 * SHINGLE_WORDS, BANDS, ROWS or the hashing orphans every stored key.
 */

/** Words per shingle: long enough that two stories on one subject share few, short enough that an edit changes few. */
export const SHINGLE_WORDS = 3;
export const BANDS = 16;
export const ROWS = 3;

/**
 * Below this many words a text gets no fingerprint: short teasers and briefs of
 * one template share most of their few shingles with unrelated items, and a
 * footer is then a large part of the text.
 */
export const MIN_WORDS = 40;

// Scripts written without spaces count one character as one word; other
// scripts' words are runs of letters, digits and combining marks.
const WORD = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}]|(?:(?![\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}])[\p{L}\p{N}\p{M}])+/gu;

/** The words a fingerprint is made of: case, Unicode compatibility forms, punctuation and spacing do not count. */
export function words(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().match(WORD) ?? [];
}

function fmix32(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a over the UTF-16 code units, finished with murmur3's avalanche. */
function hashWord(word: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) {
    h ^= word.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** The distinct shingles of a text, each as a 32-bit hash of its words in order. */
export function shingles(text: string): Set<number> {
  return shinglesOf(words(text));
}

function shinglesOf(list: string[]): Set<number> {
  const hashes = list.map(hashWord);
  const set = new Set<number>();
  for (let start = 0; start + SHINGLE_WORDS <= hashes.length; start++) {
    let h = 0x2545f491;
    for (let i = start; i < start + SHINGLE_WORDS; i++) {
      h = Math.imul(h ^ hashes[i]!, 0x9e3779b1);
      h = (h << 13) | (h >>> 19);
    }
    set.add(fmix32(h));
  }
  return set;
}

// One seed per hash function, from splitmix32 of a fixed start: the same on every machine and every run.
const SEEDS = (() => {
  const seeds = new Uint32Array(BANDS * ROWS);
  let state = 0x5eed1e55;
  for (let i = 0; i < seeds.length; i++) {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    seeds[i] = (z ^ (z >>> 15)) >>> 0;
  }
  return seeds;
})();

/** What the index keeps of a text: its band keys (signed 32-bit, so both SQL dialects store them as integer). */
export interface Fingerprint {
  bands: number[];
  /** The shingle hashes, for the exact comparison with candidates (not stored). */
  shingles: Set<number>;
}

/** The fingerprint of a text, or null when it has fewer than `minWords` words. */
export function fingerprint(text: string, minWords = MIN_WORDS): Fingerprint | null {
  const list = words(text);
  if (list.length < Math.max(minWords, SHINGLE_WORDS)) return null;
  const set = shinglesOf(list);
  const mins = new Uint32Array(BANDS * ROWS).fill(0xffffffff);
  for (const shingle of set) {
    for (let i = 0; i < mins.length; i++) {
      // Each seed picks another hash of the same shingle: xor, multiply, avalanche.
      let h = Math.imul(shingle ^ SEEDS[i]!, 0x9e3779b1);
      h ^= h >>> 15;
      h = Math.imul(h, 0x85ebca6b);
      h = (h ^ (h >>> 13)) >>> 0;
      if (h < mins[i]!) mins[i] = h;
    }
  }
  const bands: number[] = [];
  for (let band = 0; band < BANDS; band++) {
    // The band number is mixed in so equal minima in different bands do not look alike.
    let key = Math.imul(band + 1, 0x27d4eb2f);
    for (let row = 0; row < ROWS; row++) key = fmix32(key ^ mins[band * ROWS + row]!);
    bands.push(key | 0);
  }
  return { bands, shingles: set };
}

/** Shared shingles over all shingles of either text: 1 for the same text, near 0 for unrelated ones. */
export function jaccard(a: Set<number>, b: Set<number>): number {
  if (a.size === 0 && b.size === 0) return 1;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const shingle of small) if (large.has(shingle)) shared++;
  return shared / (a.size + b.size - shared);
}

/** How many band keys two fingerprints share: the cheap first sort of candidates. */
export function sharedBands(a: readonly number[], b: readonly number[]): number {
  let shared = 0;
  for (let band = 0; band < BANDS; band++) if (a[band] === b[band]) shared++;
  return shared;
}

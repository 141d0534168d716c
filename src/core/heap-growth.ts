/**
 * How far V8 lets the JavaScript heap grow past what its last full collection
 * found alive before collecting again. Left to itself V8 allows up to 4x on a
 * machine with memory to spare, and a service that allocates steadily all day
 * (every poll, every job) sits near that ceiling: with 20,000 feeds polled
 * each minute ~60 MB was alive in a 250-380 MB heap, most of the process's
 * RSS being garbage not yet collected. A fixed factor trades a few more full
 * collections, cheap while little is alive, for a heap near its live size.
 */
import { setFlagsFromString } from 'node:v8';

/** `percent` over the live size (50: 1.5x); 0 gives V8 back its own choice. */
export function limitHeapGrowth(percent: number): void {
  // V8 reads the flag each time it sets the next limit, so setting it once the process runs takes effect at the next full GC.
  setFlagsFromString(`--heap-growing-percent=${percent}`);
}

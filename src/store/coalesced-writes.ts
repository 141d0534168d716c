/**
 * Small writes that arrive together, written together: writes asked for
 * while a batch is being written (or in the same turn of the event loop) go
 * in the next batch, so under load one transaction (one commit, one trip to
 * the write lock) carries many of them, and a lone write waits only a turn.
 * Each caller gets its own answer. A batch that fails is run again one write
 * per transaction, so only the write at fault fails (its own transaction would
 * have failed the same way) and the others are written as if alone.
 */
import type { Kysely } from 'kysely';
import type { WriteTransaction } from './connection.js';
import type { Database } from './schema.js';

/** Bounds how long one batch holds the write lock. */
const MAX_BATCH = 256;

interface Pending {
  work: (trx: Kysely<Database>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

export function coalescedWrites(write: WriteTransaction): WriteTransaction {
  const queue: Pending[] = [];
  let running = false;

  async function drain(): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.splice(0, MAX_BATCH);
      try {
        const outputs = await write(async (trx) => {
          const results: unknown[] = [];
          for (const pending of batch) results.push(await pending.work(trx));
          return results;
        });
        batch.forEach((pending, i) => pending.resolve(outputs[i]));
      } catch (err) {
        if (batch.length === 1) {
          batch[0]!.reject(err);
          continue;
        }
        // The whole transaction was rolled back: each write again on its own.
        for (const pending of batch) await write(pending.work).then(pending.resolve, pending.reject);
      }
    }
    running = false;
  }

  return <T>(work: (trx: Kysely<Database>) => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!running) {
        running = true;
        setImmediate(() => void drain());
      }
    });
}

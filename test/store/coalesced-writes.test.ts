/**
 * Writes asked for together share one transaction (coalesced-writes.ts), on
 * a real database of each dialect: writes of one turn cost one commit, each
 * caller gets its own answer, and a write that fails fails alone: the batch
 * is run again one write at a time, so the others are stored as if alone.
 */
import { describe, expect, it } from 'vitest';
import { coalescedWrites } from '../../src/store/coalesced-writes.js';
import { writeTransaction, type WriteTransaction } from '../../src/store/connection.js';
import { TEST_DIALECTS } from '../helpers/databases.js';
import { feedInput, useStoreAndTables } from './fixtures.js';

describe.each(TEST_DIALECTS)('coalesced writes on %s', (dialect) => {
  const { store, tables } = useStoreAndTables(dialect);

  /** The real transaction, counted. */
  function counted(): { write: WriteTransaction; transactions: () => number } {
    let transactions = 0;
    const write = writeTransaction(tables(), dialect);
    return {
      write: (work) => {
        transactions += 1;
        return write(work);
      },
      transactions: () => transactions,
    };
  }

  const titleOf = async (id: string) => (await tables().selectFrom('feeds').select('title').where('id', '=', id).executeTakeFirst())?.title;

  it('writes the writes of one turn in one transaction and answers each caller', async () => {
    const feeds = await Promise.all([1, 2, 3].map(async () => (await store().feeds.create(feedInput({}))).feed.id));
    const { write, transactions } = counted();
    const soon = coalescedWrites(write);
    const answers = await Promise.all(
      feeds.map((id, i) =>
        soon(async (trx) => {
          await trx.updateTable('feeds').set({ title: `title ${i}` }).where('id', '=', id).execute();
          return `answer ${i}`;
        }),
      ),
    );
    expect(answers).toEqual(['answer 0', 'answer 1', 'answer 2']);
    expect(transactions()).toBe(1);
    expect(await Promise.all(feeds.map(titleOf))).toEqual(['title 0', 'title 1', 'title 2']);
  });

  it('fails only the write at fault: the batch is written again one write per transaction', async () => {
    const feeds = await Promise.all([1, 2].map(async () => (await store().feeds.create(feedInput({}))).feed.id));
    const { write, transactions } = counted();
    const soon = coalescedWrites(write);
    const rename = (id: string, title: string) => soon((trx) => trx.updateTable('feeds').set({ title }).where('id', '=', id).execute());
    // Moving a feed to a URL another feed has: the unique key refuses it, inside the shared transaction.
    const taken = (await tables().selectFrom('feeds').select('url').where('id', '=', feeds[0]!).executeTakeFirstOrThrow()).url;
    const results = await Promise.allSettled([
      rename(feeds[0]!, 'kept'),
      soon((trx) => trx.updateTable('feeds').set({ url: taken }).where('id', '=', feeds[1]!).execute()),
      rename(feeds[1]!, 'kept too'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    // One shared attempt, then three on their own.
    expect(transactions()).toBe(4);
    expect(await Promise.all(feeds.map(titleOf))).toEqual(['kept', 'kept too']);
  });

  it('starts a new batch for writes asked for while one is being written', async () => {
    const { write, transactions } = counted();
    const soon = coalescedWrites(write);
    const id = (await store().feeds.create(feedInput({}))).feed.id;
    let inner: Promise<unknown> | null = null;
    await soon(async (trx) => {
      // Asked from inside the running batch: it cannot join it, it waits for the next one.
      inner = soon((next) => next.updateTable('feeds').set({ title: 'second batch' }).where('id', '=', id).execute());
      await trx.updateTable('feeds').set({ title: 'first batch' }).where('id', '=', id).execute();
    });
    await inner;
    expect(transactions()).toBe(2);
    expect(await titleOf(id)).toBe('second batch');
  });
});

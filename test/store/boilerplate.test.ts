import { describe, expect, it } from 'vitest';
import type { EdgePrint } from '../../src/normalize/boilerplate.js';
import { TEST_DIALECTS } from '../helpers/databases.js';
import { feedInput, useStoreAndTables } from './fixtures.js';

const WINDOW = 3;

/** A made-up history: prints that stay, come and go, return after fading out, and repeat within an item. */
function history(): EdgePrint[][] {
  const p = (edge: 'head' | 'tail', fingerprint: string): EdgePrint => ({ edge, fingerprint });
  return [
    [p('head', 'a'), p('tail', 'z')],
    [p('head', 'a'), p('tail', 'y'), p('tail', 'y')],
    [],
    [p('head', 'a')],
    [p('head', 'b')],
    [p('head', 'b')],
    [p('head', 'b'), p('tail', 'y')],
    [],
    [p('tail', 'z'), p('head', 'a')],
    [p('head', 'a'), p('tail', 'z')],
    [p('head', 'c'), p('tail', 'c')],
  ];
}

describe.each(TEST_DIALECTS)('learned boilerplate counts on %s', (dialect) => {
  const { store, tables } = useStoreAndTables(dialect);

  async function countsOf(feedId: string) {
    const rows = await tables().selectFrom('feed_boilerplate').select(['edge', 'fingerprint', 'seen', 'last_seen_item']).where('feed_id', '=', feedId).orderBy('edge').orderBy('fingerprint').execute();
    const feed = await tables().selectFrom('feeds').select('boilerplate_items').where('id', '=', feedId).executeTakeFirstOrThrow();
    return { items: Number(feed.boilerplate_items), rows: rows.map((r) => ({ ...r, seen: Number(r.seen), last_seen_item: Number(r.last_seen_item) })) };
  }

  it('a batch of items counts exactly as the same items one by one, whatever the cut', async () => {
    const items = history();
    const { feed: oneByOne } = await store().feeds.create(feedInput());
    const steps = [];
    for (const prints of items) {
      await store().boilerplate.observe(oneByOne.id, prints, WINDOW);
      steps.push(await countsOf(oneByOne.id));
    }
    // The prints that faded out were dropped and the ones seen again started over.
    expect(steps.at(-1)!.rows.map((r) => `${r.edge}:${r.fingerprint}`)).toEqual(['head:a', 'head:c', 'tail:c', 'tail:z']);
    expect(steps.at(-1)!.items).toBe(items.length);

    for (const cut of [[items.length], [2, 5, 4], [1, 1, 9], [6, 5]]) {
      const { feed: batched } = await store().feeds.create(feedInput());
      let done = 0;
      for (const size of cut) {
        await store().boilerplate.observeMany(batched.id, items.slice(done, done + size), WINDOW);
        done += size;
        expect(await countsOf(batched.id)).toEqual(steps[done - 1]);
      }
    }
  });

  it("a batch's save counts its items' prints in its own transaction, even when nothing is left to save", async () => {
    const items = history().slice(0, 3);
    const { feed: counted } = await store().feeds.create(feedInput());
    await store().boilerplate.observeMany(counted.id, items, WINDOW);
    const { feed: saved } = await store().feeds.create(feedInput());
    expect(await store().articles.saveFromItems([], { at: new Date(), boilerplate: { feedId: saved.id, printsPerItem: items, window: WINDOW } })).toEqual([]);
    expect(await countsOf(saved.id)).toEqual(await countsOf(counted.id));
  });
});

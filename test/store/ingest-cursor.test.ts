/**
 * The `after=` ingestion cursor on both dialects: every article once, in the
 * order it became visible, even while other connections insert at the same
 * time, and never a seq handed out twice after the newest articles are deleted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.js';
import { mapLimited } from '../../src/core/map-limited.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../helpers/databases.js';
import { cleanArticle, feedWithItems, unique } from './fixtures.js';

const AT = new Date('2024-06-01T12:00:00.000Z');

/** Reads the whole cursor from `after`, a page at a time, as a consumer would. */
async function drain(store: Store, after: number, limit = 7): Promise<{ ids: string[]; last: number }> {
  const ids: string[] = [];
  let last = after;
  for (;;) {
    const page = await store.articles.listAfter({ after: last, limit });
    for (const article of page) {
      expect(article.seq).toBeGreaterThan(last);
      ids.push(article.id);
      last = article.seq ?? last;
    }
    if (page.length < limit) return { ids, last };
  }
}

async function saveAll(store: Store, count: number, concurrency: number): Promise<string[]> {
  const guids = Array.from({ length: count }, () => unique('cur'));
  const { itemIds } = await feedWithItems(store, guids);
  const ids: string[] = [];
  await mapLimited(guids.map((guid, i) => ({ guid, itemId: itemIds[i]! })), concurrency, async ({ guid, itemId }) => {
    const saved = await store.articles.saveFromItem(itemId, cleanArticle(guid, `cursor text ${guid}`), { at: AT });
    ids.push(saved.article!.id);
  });
  return ids;
}

describe.each(TEST_DIALECTS)('ingestion cursor on %s', (dialect) => {
  let database: TestDatabase;
  // Two PostgreSQL stores are two connection pools: two processes writing, in effect. SQLite gets one:
  // a second better-sqlite3 connection in the same thread would wait for the lock by blocking the thread
  // that holds it (two processes would not).
  let stores: Store[] = [];
  const store = () => stores[0]!;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    stores = dialect === 'postgres' ? [await openStore(database.url), await openStore(database.url)] : [await openStore(database.url)];
    await store().migrate();
  });
  afterAll(async () => {
    for (const s of stores) await s.close();
    await database.cleanup();
  });

  it('returns every article once, oldest first, each with its seq', async () => {
    const start = (await drain(store(), 0)).last;
    const ids = await saveAll(store(), 12, 1);
    const read = await drain(store(), start, 5);
    expect(read.ids).toEqual(ids);
    const one = await store().articles.get(ids[0]!);
    expect(typeof one?.seq).toBe('number');
    // Within one feed too.
    const feedId = one!.feedId;
    expect((await store().articles.listAfter({ after: start, feedId, limit: 100 })).map((a) => a.id)).toEqual(ids);
  });

  it('never hands out a seq again after the newest articles are deleted', async () => {
    const start = (await drain(store(), 0)).last;
    const [first] = await saveAll(store(), 1, 1);
    const article = await store().articles.get(first!);
    expect(await store().feeds.delete(article!.feedId, { purge: true })).toBe(true);
    const [second] = await saveAll(store(), 1, 1);
    const again = await store().articles.get(second!);
    expect(again!.seq).toBeGreaterThan(article!.seq!);
    expect((await drain(store(), start)).ids).toEqual([second]);
  });

  it('misses and repeats nothing while other connections insert concurrently', async () => {
    const start = (await drain(store(), 0)).last;
    const seen: string[] = [];
    let last = start;
    let writing = true;
    const reader = (async () => {
      while (writing) {
        const page = await store().articles.listAfter({ after: last, limit: 50 });
        for (const article of page) {
          seen.push(article.id);
          last = article.seq!;
        }
      }
    })();
    const written = (await Promise.all(stores.flatMap((writer) => [saveAll(writer, 40, 6), saveAll(writer, 40, 6)]))).flat();
    writing = false;
    await reader;
    seen.push(...(await drain(store(), last)).ids);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...written].sort());
  });
});

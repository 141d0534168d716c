/**
 * A staged item's body lives only while the item waits for the article stage
 * (migration 019): settling the item (done or skipped) deletes it whatever
 * path settled it, a failed item keeps it for the retry, and a changed item
 * gets its new body back. Checked on the tables themselves, on both dialects.
 */
import { Migrator, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/logger.js';
import { connect } from '../../src/store/connection.js';
import { locateDatabase } from '../../src/store/index.js';
import { StoreMigrations } from '../../src/store/migrations/index.js';
import { createTestDatabase, TEST_DIALECTS } from '../helpers/databases.js';
import { cleanArticle, feedItem, feedWithItems, fetchSuccess, unique, useStoreAndTables } from './fixtures.js';

const AT = new Date('2024-06-01T12:00:00.000Z');

describe.each(TEST_DIALECTS)('staged item bodies on %s', (dialect) => {
  const { store, tables } = useStoreAndTables(dialect);

  const bodiesOf = async (ids: string[]) =>
    (await tables().selectFrom('item_bodies').select('item_id').where('item_id', 'in', ids).execute()).map((row) => row.item_id).sort();
  const statusOf = async (id: string) => (await tables().selectFrom('items').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

  it('keeps a body while the item waits and deletes it once the item is done or skipped; a failed one keeps it', async () => {
    const guids = ['done', 'skipped', 'not-article', 'failed', 'waiting'].map((name) => unique(name));
    const { feedId, itemIds } = await feedWithItems(store(), guids);
    const [done, skipped, notArticle, failed, waiting] = itemIds as [string, string, string, string, string];
    expect(await bodiesOf(itemIds)).toEqual([...itemIds].sort());

    const saved = await store().articles.saveFromItem(done, cleanArticle(guids[0]!, 'the text of the done item'), { at: AT });
    expect(saved.article?.guid).toBe(guids[0]);
    await store().items.markSkipped(skipped, 'excluded by filter');
    await store().items.markNotAnArticle(notArticle, feedId, 'no body and no link');
    await store().items.markFailed(failed, 'normalize failed');

    expect(await bodiesOf(itemIds)).toEqual([failed, waiting].sort());
    // The settled rows stay: their guid and hash tell a repeat from a change.
    expect(await statusOf(done)).toBe('done');
    expect(await statusOf(skipped)).toBe('skipped');
    // What the article stage reads back: the failed item (for its retry) and the waiting one, with their bodies.
    expect((await store().items.get(failed))?.item.guid).toBe(guids[3]);
    expect((await store().items.get(done)) ?? null).toBeNull();
    const pending = await store().items.pending(100);
    expect(pending.map((item) => item.id)).toContain(waiting);
    expect(pending.find((item) => item.id === waiting)?.item.contentHtml).toBe(`<p>Body of ${guids[4]}</p>`);
  });

  it('gives a settled item that changed in its feed a new body, and a failed one its newer body', async () => {
    const guids = [unique('edited'), unique('retried')];
    const { feedId, itemIds } = await feedWithItems(store(), guids);
    const [edited, retried] = itemIds as [string, string];
    await store().articles.saveFromItem(edited, cleanArticle(guids[0]!, 'the first version'), { at: AT });
    await store().items.markFailed(retried, 'normalize failed');
    expect(await bodiesOf(itemIds)).toEqual([retried]);

    const changed = guids.map((guid) => feedItem(guid, { contentHtml: `<p>Edited body of ${guid}</p>` }));
    const { pendingItemIds } = await store().feeds.recordSuccess(feedId, fetchSuccess(changed, { at: new Date('2024-06-01T13:00:00.000Z') }));
    expect([...pendingItemIds].sort()).toEqual([...itemIds].sort());
    expect(await bodiesOf(itemIds)).toEqual([...itemIds].sort());
    expect((await store().items.get(edited))?.item.contentHtml).toBe(`<p>Edited body of ${guids[0]}</p>`);
    expect((await store().items.get(retried))?.item.contentHtml).toBe(`<p>Edited body of ${guids[1]}</p>`);
  });
});

describe.each(TEST_DIALECTS)('migration 019 on %s', (dialect) => {
  it('moves the bodies of waiting items out of items and leaves processed ones without', async () => {
    const database = await createTestDatabase(dialect);
    const db = connect(locateDatabase(database.url), silentLogger);
    try {
      const migrator = new Migrator({ db, provider: new StoreMigrations(dialect), allowUnorderedMigrations: true });
      const before = await migrator.migrateTo('016d-filtered-count');
      expect(before.error).toBeUndefined();
      const at = AT.toISOString();
      await sql`insert into feeds (id, url, status, full_text, include_terms, exclude_terms, tags, created_at, updated_at)
        values ('f1', 'https://old.example/feed.xml', 'active', 'auto', '[]', '[]', '[]', ${at}, ${at})`.execute(db);
      const body = JSON.stringify(feedItem('waiting'));
      for (const [id, data, status] of [['i1', body, 'pending'], ['i2', '', 'done']] as const) {
        await sql`insert into items (id, feed_id, guid, guid_hash, item_hash, data, status, created_at, updated_at)
          values (${id}, 'f1', ${id}, ${id}, ${id}, ${data}, ${status}, ${at}, ${at})`.execute(db);
      }
      const after = await migrator.migrateToLatest();
      expect(after.error).toBeUndefined();
      expect(await db.selectFrom('item_bodies').selectAll().execute()).toEqual([{ item_id: 'i1', data: body }]);
      expect((await db.selectFrom('items').select('id').orderBy('id').execute()).map((row) => row.id)).toEqual(['i1', 'i2']);
    } finally {
      await db.destroy();
      await database.cleanup();
    }
  });
});

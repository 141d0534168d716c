/**
 * An article's HTML is stored deflated (src/store/article-html.ts, migration
 * 020) and reads back exactly as it was saved, on both dialects: any text,
 * none at all, and the articles a database held before the migration. A
 * damaged value is a corrupt row, never other HTML.
 */
import { Migrator, sql, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/logger.js';
import { connect } from '../../src/store/connection.js';
import { locateDatabase, openStore } from '../../src/store/index.js';
import { StoreMigrations } from '../../src/store/migrations/index.js';
import { createTestDatabase, TEST_DIALECTS } from '../helpers/databases.js';
import { cleanArticle, feedItem, feedWithItems, fetchSuccess, unique, useStoreAndTables } from './fixtures.js';

const AT = new Date('2024-06-01T12:00:00.000Z');

/** HTML that a byte-wrong round trip would change: characters of 1 to 4 UTF-8 bytes, a combining mark, entities. */
const VARIED = '<p>Café — naïve 東京 🦊 e\u0301 &amp; &lt;tag&gt;</p>\n<p>\t spaces  kept </p>';
const LONG = Array.from({ length: 3_000 }, (_, i) => `<p>Paragraph ${i} of a long story, with its own number ${i * 7}.</p>`).join('\n');

describe.each(TEST_DIALECTS)('article HTML on %s', (dialect) => {
  const { store, tables } = useStoreAndTables(dialect);

  const storedBytes = async (id: string) =>
    (await tables().selectFrom('articles').select('content_html_deflated').where('id', '=', id).executeTakeFirstOrThrow()).content_html_deflated.byteLength;

  it('reads back exactly the HTML saved, stored in fewer bytes; no HTML is no bytes', async () => {
    const guids = ['varied', 'long', 'empty'].map((name) => unique(name));
    const { itemIds } = await feedWithItems(store(), guids);
    const html = [VARIED, LONG, ''];
    const saved = await store().articles.saveFromItems(
      itemIds.map((itemId, i) => ({ itemId, clean: cleanArticle(guids[i]!, `text of ${guids[i]}`, { contentHtml: html[i]! }) })),
      { at: AT },
    );
    const ids = saved.map((result) => result.article!.id);
    for (const [i, id] of ids.entries()) {
      expect((await store().articles.get(id))?.contentHtml).toBe(html[i]);
    }
    const page = await store().articles.list({ limit: 10, q: 'text' });
    expect(new Map(page.items.map((article) => [article.id, article.contentHtml]))).toEqual(new Map(ids.map((id, i) => [id, html[i]])));
    expect(await storedBytes(ids[1]!)).toBeLessThan(Buffer.byteLength(LONG) / 5);
    expect(await storedBytes(ids[2]!)).toBe(0);
  });

  it('stores the new HTML when an article changes', async () => {
    const guid = unique('changed');
    const { feedId, itemIds } = await feedWithItems(store(), [guid]);
    const first = await store().articles.saveFromItem(itemIds[0]!, cleanArticle(guid, 'first text', { contentHtml: '<p>first</p>' }), { at: AT });
    const { pendingItemIds } = await store().feeds.recordSuccess(feedId, fetchSuccess([feedItem(guid, { title: 'changed' })]));
    const second = await store().articles.saveFromItem(pendingItemIds[0]!, cleanArticle(guid, 'second text', { contentHtml: VARIED }), { at: AT });
    expect(second.event).toBe('article.updated');
    expect(second.article?.id).toBe(first.article?.id);
    expect((await store().articles.get(first.article!.id))?.contentHtml).toBe(VARIED);
  });

  it('refuses a damaged value as a corrupt row', async () => {
    const guid = unique('damaged');
    const { itemIds } = await feedWithItems(store(), [guid]);
    const saved = await store().articles.saveFromItem(itemIds[0]!, cleanArticle(guid, 'damaged text', { contentHtml: LONG }), { at: AT });
    const id = saved.article!.id;
    const packed = (await tables().selectFrom('articles').select('content_html_deflated').where('id', '=', id).executeTakeFirstOrThrow()).content_html_deflated;
    const damaged = Buffer.from(packed);
    damaged[damaged.length >> 1] = damaged[damaged.length >> 1]! ^ 0xff;
    await tables().updateTable('articles').set({ content_html_deflated: damaged }).where('id', '=', id).execute();
    await expect(store().articles.get(id)).rejects.toMatchObject({ code: 'STORE_CORRUPT_ROW' });
  });
});

describe.each(TEST_DIALECTS)('migration 020 on %s', (dialect) => {
  it("carries every stored article's HTML over, in more than one batch, and search still finds them", async () => {
    const database = await createTestDatabase(dialect);
    // The database as it was before 020, hence untyped: `articles` still has `content_html`.
    const db = connect(locateDatabase(database.url), silentLogger) as unknown as Kysely<any>;
    try {
      const migrator = new Migrator({ db, provider: new StoreMigrations(dialect), allowUnorderedMigrations: true });
      expect((await migrator.migrateTo('019b-leaner-indexes')).error).toBeUndefined();
      const at = AT.toISOString();
      await sql`insert into feeds (id, url, status, full_text, include_terms, exclude_terms, tags, created_at, updated_at)
        values ('f1', 'https://old.example/feed.xml', 'active', 'auto', '[]', '[]', '[]', ${at}, ${at})`.execute(db);
      // More than the migration's batch of 500, so its paging is exercised.
      const html = (i: number) => (i === 0 ? '' : i === 1 ? VARIED : i === 2 ? LONG : `<p>article ${i}</p>`);
      const rows = Array.from({ length: 1_203 }, (_, i) => ({
        id: `a${i}`,
        feed_id: 'f1',
        guid: `g${i}`,
        title: `Title ${i}`,
        authors: '[]',
        summary: '',
        content_html: html(i),
        content_text: i === 2 ? 'a lighthouse keeper' : `plain words ${i}`,
        categories: '[]',
        word_count: 3,
        content_hash: `h${i}`,
        fetched_at: at,
        sort_at: at,
        source_feed_url: 'https://old.example/feed.xml',
        stored_at: at,
        row_updated_at: at,
      }));
      for (let i = 0; i < rows.length; i += 100) await db.insertInto('articles').values(rows.slice(i, i + 100)).execute();
      expect((await migrator.migrateToLatest()).error).toBeUndefined();

      const store = await openStore(database.url);
      try {
        await store.migrate();
        for (const i of [0, 1, 2, 3, 499, 500, 501, 1_202]) {
          expect((await store.articles.get(`a${i}`))?.contentHtml, `a${i}`).toBe(html(i));
        }
        expect((await store.articles.list({ limit: 10, q: 'lighthouse' })).items.map((article) => article.id)).toEqual(['a2']);
        const columns = (await db.introspection.getTables()).find((table) => table.name === 'articles')!.columns.map((column) => column.name);
        expect(columns).toContain('content_html_deflated');
        expect(columns).not.toContain('content_html');
      } finally {
        await store.close();
      }
    } finally {
      await db.destroy();
      await database.cleanup();
    }
  });
});

/**
 * SQLite's full-text index filled behind the saves (src/store/search-index.ts,
 * migration 021): a search finds every stored article at once, whether the
 * index has caught up with it or not; deleting or changing an article leaves
 * the index sound either way; a database from before the migration keeps
 * finding its articles; two stores on one file never index an article twice.
 *
 * Articles the index has not reached are made here through a second
 * connection, the way another process would insert them (same seq claim,
 * same count): the store under test has then scheduled no flush that could
 * reach them before the test looks.
 */
import { Migrator, sql, type Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../src/core/logger.js';
import { moveArticleCounts } from '../../src/store/article-counts.js';
import { connect, writeTransaction } from '../../src/store/connection.js';
import { locateDatabase, openStore, type Store } from '../../src/store/index.js';
import { claimArticleSeqs } from '../../src/store/ingest-seq.js';
import { StoreMigrations } from '../../src/store/migrations/index.js';
import type { Database } from '../../src/store/schema.js';
import { INDEXED_SEQ_COUNTER } from '../../src/store/search-index.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../helpers/databases.js';
import { collectingLogger } from '../helpers/logs.js';
import { cleanArticle, feedInput, feedItem, feedWithItems, fetchSuccess, sha256, unique, useStore } from './fixtures.js';

const AT = new Date('2024-06-01T12:00:00.000Z');
const DAY = 86_400_000;

/** An article stored by another connection, as the store stores one: its seq claimed in the inserting transaction. */
async function insertArticle(db: Kysely<Database>, feedId: string, words: { title: string; text: string }, storedAt = AT): Promise<number> {
  const at = storedAt.toISOString();
  return writeTransaction(db, 'sqlite')(async (trx) => {
    const [seq] = (await claimArticleSeqs(trx, 'sqlite', 1))!;
    const guid = unique('g');
    await trx
      .insertInto('articles')
      .values({
        seq: seq!,
        id: unique('a'),
        feed_id: feedId,
        guid,
        url: null,
        title: words.title,
        authors: '[]',
        summary: '',
        content_html_deflated: Buffer.alloc(0),
        content_text: words.text,
        categories: '[]',
        word_count: words.text.split(' ').length,
        content_hash: sha256(words.text),
        fetched_at: at,
        sort_at: at,
        source_feed_url: 'https://elsewhere.example/feed.xml',
        stored_at: at,
        row_updated_at: at,
      })
      .execute();
    await moveArticleCounts(trx, [feedId], '+');
    return seq!;
  });
}

async function watermark(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('counters').select('value').where('name', '=', INDEXED_SEQ_COUNTER).executeTakeFirstOrThrow();
  return Number(row.value);
}

/**
 * Throws unless the index holds exactly the articles' current words. Rank 1 checks it against the
 * content table too, which the plain check does not: an FTS5 'delete' of words never indexed passes
 * that one. So it holds only when nothing waits (after a search or a close).
 */
async function checkIndex(db: Kysely<Database>): Promise<void> {
  await sql`insert into articles_fts(articles_fts, rank) values ('integrity-check', 1)`.execute(db);
}

/** The seqs the index itself holds (a select from an external-content table would read `articles`). */
async function indexedSeqs(db: Kysely<Database>): Promise<number[]> {
  const { rows } = await sql<{ id: number }>`select id from articles_fts_docsize order by id`.execute(db);
  return rows.map((row) => row.id);
}

/** The titles a search finds, sorted. */
const titlesFound = async (store: Store, q: string): Promise<string[]> => (await store.articles.list({ q, limit: 20 })).items.map((a) => a.title ?? '').sort();

describe.each(TEST_DIALECTS)('search right after a save on %s', (dialect) => {
  const store = useStore(dialect);

  it('finds an article the moment it is saved, and its new words, not its old, the moment it changes', async () => {
    const guid = unique('first');
    const { feedId, itemIds } = await feedWithItems(store(), [guid]);
    await store().articles.saveFromItem(itemIds[0]!, cleanArticle(guid, 'Puffins nest on the cliffs', { title: 'Seabirds' }), { at: AT });
    const found = async (q: string) => (await store().articles.list({ q, feedId, limit: 5 })).items.map((a) => a.title);
    expect(await found('puffin')).toEqual(['Seabirds']);
    const { pendingItemIds } = await store().feeds.recordSuccess(feedId, fetchSuccess([feedItem(guid, { title: 'changed' })]));
    const changed = await store().articles.saveFromItem(pendingItemIds[0]!, cleanArticle(guid, 'Razorbills crowd the ledges', { title: 'Auks' }), { at: AT });
    expect(changed.event).toBe('article.updated');
    expect(await found('puffin')).toEqual([]);
    expect(await found('seabirds')).toEqual([]);
    expect(await found('razorbill ledge')).toEqual(['Auks']);
  });
});

describe('the deferred index on sqlite', () => {
  let database: TestDatabase;
  let store: Store;
  let tables: Kysely<Database>;
  let feedId: string;

  beforeEach(async () => {
    database = await createTestDatabase('sqlite');
    store = await openStore(database.url);
    await store.migrate();
    tables = connect(locateDatabase(database.url), silentLogger);
    feedId = (await store.feeds.create(feedInput())).feed.id;
  });
  afterEach(async () => {
    await tables.destroy();
    await store.close();
    await database.cleanup();
  });

  it('indexes waiting articles before a search, each once, and moves the watermark past them', async () => {
    const before = await watermark(tables);
    const seqs = [
      await insertArticle(tables, feedId, { title: 'Glaciers', text: 'The glacier retreated up the valley' }),
      await insertArticle(tables, feedId, { title: 'Moraines', text: 'Rocks the glacier left behind' }),
    ];
    expect(Math.min(...seqs)).toBeGreaterThan(before);
    expect(await indexedSeqs(tables)).toEqual([]);

    expect(await titlesFound(store, 'glaciers')).toEqual(['Glaciers', 'Moraines']);
    expect(await watermark(tables)).toBe(Math.max(...seqs));
    expect(await titlesFound(store, 'rocks')).toEqual(['Moraines']);
    expect(await indexedSeqs(tables)).toEqual(seqs);
    await checkIndex(tables);
  });

  it('stays sound when retention deletes an indexed and a waiting article', async () => {
    const old = new Date(Date.now() - 40 * DAY);
    const indexed = await insertArticle(tables, feedId, { title: 'Old tides', text: 'Spring tides flood the marsh' }, old);
    expect(await titlesFound(store, 'tides')).toEqual(['Old tides']);
    const waiting = await insertArticle(tables, feedId, { title: 'Old storms', text: 'Storm surge over the sea wall' }, old);
    expect(await watermark(tables)).toBe(indexed);
    expect(waiting).toBeGreaterThan(indexed);

    expect(await store.retention.pruneArticles(new Date(Date.now() - 30 * DAY), 10)).toBe(2);
    await checkIndex(tables);
    expect(await indexedSeqs(tables)).toHaveLength(0);
    expect(await titlesFound(store, 'tides')).toEqual([]);
    expect(await titlesFound(store, 'storm')).toEqual([]);
    await checkIndex(tables);
  });

  it("stays sound when a feed is purged with an indexed and a waiting article", async () => {
    await insertArticle(tables, feedId, { title: 'Kelp', text: 'Kelp forests sway offshore' });
    expect(await titlesFound(store, 'kelp')).toEqual(['Kelp']);
    await insertArticle(tables, feedId, { title: 'Urchins', text: 'Urchins graze the kelp' });
    expect(await store.feeds.delete(feedId, { purge: true })).toBe(true);
    await checkIndex(tables);
    expect(await indexedSeqs(tables)).toHaveLength(0);
  });

  it('finds the new words of a changed article, not the old, whether it was indexed before the change or not', async () => {
    const indexed = await insertArticle(tables, feedId, { title: 'Herons', text: 'A heron waits in the reeds' });
    expect(await titlesFound(store, 'heron')).toEqual(['Herons']);
    const waiting = await insertArticle(tables, feedId, { title: 'Egrets', text: 'An egret wades the shallows' });
    expect(await watermark(tables)).toBe(indexed);

    // As the store's save of a changed article writes it: title and text in one update.
    for (const [seq, title, text] of [
      [indexed, 'Cormorants', 'A cormorant dries its wings'],
      [waiting, 'Kingfishers', 'A kingfisher dives for minnows'],
    ] as const) {
      await tables.updateTable('articles').set({ title, content_text: text }).where('seq', '=', seq).execute();
    }
    // The update reindexed the indexed one and left the waiting one to the next catch-up.
    expect(await indexedSeqs(tables)).toEqual([indexed]);
    for (const gone of ['heron', 'herons', 'egret', 'reeds', 'shallows']) expect(await titlesFound(store, gone), gone).toEqual([]);
    expect(await titlesFound(store, 'cormorants')).toEqual(['Cormorants']);
    expect(await titlesFound(store, 'kingfisher minnows')).toEqual(['Kingfishers']);
    await checkIndex(tables);
    // Deleted, they leave nothing behind.
    await tables.deleteFrom('articles').where('seq', 'in', [indexed, waiting]).execute();
    await checkIndex(tables);
    expect(await indexedSeqs(tables)).toHaveLength(0);
  });

  it('indexes what saves left on close, and shares the work with another store of the same file', async () => {
    const guids = ['api', 'worker'];
    const { itemIds } = await feedWithItems(store, guids);
    const other = await openStore(database.url);
    try {
      await store.articles.saveFromItem(itemIds[0]!, cleanArticle('api', 'Otters crack mussels on stones', { title: 'Otters' }), { at: AT });
      // The other process finds it at once, whichever of them indexes it.
      expect(await titlesFound(other, 'otter')).toEqual(['Otters']);
      await other.articles.saveFromItem(itemIds[1]!, cleanArticle('worker', 'Seals haul out on the sandbar', { title: 'Seals' }), { at: AT });
      expect(await titlesFound(store, 'seal')).toEqual(['Seals']);
    } finally {
      await other.close();
    }
    const { itemIds: more } = await feedWithItems(store, ['late']);
    const saved = await store.articles.saveFromItem(more[0]!, cleanArticle('late', 'Terns return in May', { title: 'Terns' }), { at: AT });
    await store.close();
    expect(await watermark(tables)).toBe(saved.article!.seq);
    expect(await indexedSeqs(tables)).toHaveLength(3);
    await checkIndex(tables);
    // For afterEach, which closes the store of the test.
    store = await openStore(database.url);
  });

  it('indexes saved articles soon without a search, and logs a failed flush without failing the save', async () => {
    const logger = collectingLogger();
    const logged = await openStore(database.url, { log: logger.log });
    try {
      const { itemIds } = await feedWithItems(logged, ['soon', 'broken']);
      const saved = await logged.articles.saveFromItem(itemIds[0]!, cleanArticle('soon', 'Gannets plunge for fish', { title: 'Gannets' }), { at: AT });
      await vi.waitFor(async () => expect(await watermark(tables)).toBe(saved.article!.seq), { timeout: 10_000, interval: 50 });

      // No watermark to read: the flush cannot run, the save still stands.
      await tables.deleteFrom('counters').where('name', '=', INDEXED_SEQ_COUNTER).execute();
      const broken = await logged.articles.saveFromItem(itemIds[1]!, cleanArticle('broken', 'Skuas chase the terns', { title: 'Skuas' }), { at: AT });
      expect(broken.event).toBe('article.created');
      await vi.waitFor(() => expect(logger.records().map((r) => r.msg)).toContain('indexing saved articles for search failed; the next search or save retries'), {
        timeout: 10_000,
        interval: 50,
      });
      await tables.insertInto('counters').values({ name: INDEXED_SEQ_COUNTER, value: saved.article!.seq! }).execute();
      expect(await titlesFound(logged, 'skua')).toEqual(['Skuas']);
      await checkIndex(tables);
    } finally {
      await logged.close();
    }
  });
});

describe('migration 021 on sqlite', () => {
  it('keeps finding the articles a database held before it, and indexes the ones saved after', async () => {
    const database = await createTestDatabase('sqlite');
    const db = connect(locateDatabase(database.url), silentLogger);
    try {
      const migrator = new Migrator({ db, provider: new StoreMigrations('sqlite'), allowUnorderedMigrations: true });
      expect((await migrator.migrateTo('020-deflated-article-html')).error).toBeUndefined();
      const at = AT.toISOString();
      await sql`insert into feeds (id, url, status, full_text, include_terms, exclude_terms, tags, created_at, updated_at)
        values ('f1', 'https://old.example/feed.xml', 'active', 'auto', '[]', '[]', '[]', ${at}, ${at})`.execute(db);
      // Indexed by the insert trigger, as every article was before 021.
      const seqs = [
        await insertArticle(db, 'f1', { title: 'Lighthouses', text: 'The lighthouse keeper trims the lamp' }),
        await insertArticle(db, 'f1', { title: 'Buoys', text: 'Bell buoys mark the channel' }),
      ];
      expect(await indexedSeqs(db)).toHaveLength(2);

      const store = await openStore(database.url);
      try {
        await store.migrate();
        expect(await watermark(db)).toBe(Math.max(...seqs));
        const { rows: triggers } = await sql<{ name: string }>`select name from sqlite_master where type = 'trigger' and name like 'articles_fts%' order by name`.execute(db);
        expect(triggers.map((t) => t.name)).toEqual(['articles_fts_delete', 'articles_fts_update']);
        expect(await titlesFound(store, 'lighthouse')).toEqual(['Lighthouses']);
        expect(await titlesFound(store, 'channel')).toEqual(['Buoys']);

        const { itemIds } = await feedWithItems(store, ['new']);
        await store.articles.saveFromItem(itemIds[0]!, cleanArticle('new', 'Foghorns sound across the channel', { title: 'Foghorns' }), { at: AT });
        expect(await titlesFound(store, 'channel')).toEqual(['Buoys', 'Foghorns']);
        expect(await indexedSeqs(db)).toHaveLength(3);
        await checkIndex(db);
      } finally {
        await store.close();
      }
    } finally {
      await db.destroy();
      await database.cleanup();
    }
  });
});

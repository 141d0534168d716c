/**
 * The search syntax on both dialects, with one table of expectations: each
 * query must find exactly the same articles on SQLite FTS5 and on PostgreSQL
 * full-text search.
 */
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/logger.js';
import { connect } from '../../src/store/connection.js';
import { locateDatabase, openStore, type Store } from '../../src/store/index.js';
import type { Database } from '../../src/store/schema.js';
import { parseSearchQuery, searchCondition } from '../../src/store/search-query.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../helpers/databases.js';
import { cleanArticle, feedWithItems, useStore } from './fixtures.js';

const AT = new Date('2024-06-01T12:00:00.000Z');

const ARTICLES: Record<string, { title: string; text: string }> = {
  harbour: { title: 'Boats in the harbours', text: 'The fishermen were running late as the tide turned in the old harbour.' },
  market: { title: 'Market day', text: 'Fresh fish at the market: the fishermen sold every boat load before noon.' },
  council: { title: 'Council votes', text: 'The city council voted to rebuild the harbour wall next spring.' },
  recipe: { title: 'A fish recipe', text: 'Run to the shop, buy the fish, and bake it whole with lemon.' },
  who: { title: 'The Who play tonight', text: 'A concert by the band at the town hall.' },
};

const EXPECTED: [string, string[]][] = [
  // Stems: plural and verb forms meet.
  ['harbour', ['council', 'harbour']],
  ['harbours', ['council', 'harbour']],
  ['runs', ['harbour', 'recipe']],
  ['turning', ['harbour']],
  ['voting', ['council']],
  // Every word must match.
  ['fish harbour', []],
  ['fish market', ['market']],
  // Phrases: adjacent, in order.
  ['"harbour wall"', ['council']],
  ['"wall harbour"', []],
  ['"the who"', ['who']],
  // Prefixes.
  ['harb*', ['council', 'harbour']],
  ['rebui*', ['council']],
  // Exclusions of a word, a phrase and a prefix, and exclusion alone.
  ['harbour -council', ['harbour']],
  ['fish -"boat load"', ['recipe']],
  ['fish -lem*', ['market']],
  ['-fish -harbour', ['who']],
  // Case and punctuation do not matter; operators of either engine are plain words or nothing.
  ['HARBOUR, Council!', ['council']],
  ['harbour OR fish', []],
  ['NEAR(fish market)', []],
  ['fish: market;', ['market']],
];

describe('parseSearchQuery', () => {
  it('reads words, phrases, prefixes and exclusions', () => {
    expect(parseSearchQuery('Fish "harbour wall" harb* -council -"boat load" -lem* x*')).toEqual({
      include: [
        { kind: 'word', text: 'fish' },
        { kind: 'phrase', words: ['harbour', 'wall'] },
        { kind: 'prefix', text: 'harb' },
        // A one-letter prefix is a word: it would expand to most of the index.
        { kind: 'word', text: 'x' },
      ],
      exclude: [
        { kind: 'word', text: 'council' },
        { kind: 'phrase', words: ['boat', 'load'] },
        { kind: 'prefix', text: 'lem' },
      ],
    });
  });

  it('keeps odd input harmless: unclosed quotes, hyphenated words, repeats, nothing searchable', () => {
    expect(parseSearchQuery('"open quote')).toEqual({ include: [{ kind: 'phrase', words: ['open', 'quote'] }], exclude: [] });
    expect(parseSearchQuery('e-mail')).toEqual({ include: [{ kind: 'phrase', words: ['e', 'mail'] }], exclude: [] });
    expect(parseSearchQuery('fish fish FISH')).toEqual({ include: [{ kind: 'word', text: 'fish' }], exclude: [] });
    expect(parseSearchQuery('!!! -- * ""')).toEqual({ include: [], exclude: [] });
    expect(parseSearchQuery(Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ')).include).toHaveLength(16);
  });
});

describe.each(TEST_DIALECTS)('search on %s', (dialect) => {
  const store = useStore(dialect);

  it('finds the same articles for every query of the table', async () => {
    const guids = Object.keys(ARTICLES);
    const { feedId, itemIds } = await feedWithItems(store(), guids);
    for (const [i, guid] of guids.entries()) {
      const { title, text } = ARTICLES[guid]!;
      await store().articles.saveFromItem(itemIds[i]!, cleanArticle(guid, text, { title }), { at: AT });
    }
    const found: [string, string[]][] = [];
    for (const [q] of EXPECTED) {
      const page = await store().articles.list({ q, feedId, limit: 50 });
      found.push([q, page.items.map((a) => a.guid).sort()]);
    }
    expect(found).toEqual(EXPECTED);
  });

  it('keeps the index in step when an article changes', async () => {
    const { feedId, itemIds } = await feedWithItems(store(), ['changing']);
    await store().articles.saveFromItem(itemIds[0]!, cleanArticle('changing', 'Lighthouses along the coast'), { at: AT });
    expect((await store().articles.list({ q: 'lighthouse', feedId, limit: 5 })).items).toHaveLength(1);
    await store().feeds.delete(feedId, { purge: true });
    expect((await store().articles.list({ q: 'lighthouse', limit: 5 })).items).toHaveLength(0);
  });
});

describe('search on postgres, the index', () => {
  let database: TestDatabase;
  let opened: Store;
  let db: Kysely<Database>;
  const store = () => opened;
  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    opened = await openStore(database.url);
    await opened.migrate();
    db = connect(locateDatabase(database.url), silentLogger);
  });
  afterAll(async () => {
    await db.destroy();
    await opened.close();
    await database.cleanup();
  });

  it('is what a query uses, over an expression: no vector is stored with the article', async () => {
    const { feedId, itemIds } = await feedWithItems(store(), ['indexed']);
    await store().articles.saveFromItem(itemIds[0]!, cleanArticle('indexed', 'Ferries cross the estuary at dawn'), { at: AT });
    const columns = await sql<{ column_name: string }>`select column_name from information_schema.columns where table_name = 'articles'`.execute(db);
    expect(columns.rows.map((row) => row.column_name)).not.toContain('search');
    const condition = searchCondition('postgres', parseSearchQuery('ferry'));
    const query = db.selectFrom('articles').select('id').where(condition!).compile();
    // Without sequential scans to fall back on, a query whose expression differed from the index's would have no plan using it.
    const plan = await db.connection().execute(async (conn) => {
      await sql`set enable_seqscan = off`.execute(conn);
      try {
        return await conn.executeQuery<{ 'QUERY PLAN': string }>({ ...query, sql: `explain ${query.sql}` });
      } finally {
        await sql`reset enable_seqscan`.execute(conn);
      }
    });
    expect(plan.rows.map((row) => row['QUERY PLAN']).join('\n')).toContain('articles_search');
    expect((await store().articles.list({ q: 'ferry', feedId, limit: 5 })).items.map((a) => a.guid)).toEqual(['indexed']);
  });
});

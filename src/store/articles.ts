/** Reading articles: one, a page (newest first, filtered, searched), the count. */
import type { Article, ArticleProvenance } from '../core/model.js';
import { selectArticles, toArticle } from './article-rows.js';
import type { StoreContext } from './context.js';
import { decodeCursor, toPage } from './cursor.js';
import { sourcesOf, withSources } from './near-duplicates.js';
import { parseSearchQuery, searchCondition } from './search-query.js';
import type { Page, Store, StoredProvenance } from './types.js';
import { countValue, fromJson, iso } from './values.js';

export type ArticleReadStore = Omit<Store['articles'], 'saveFromItem' | 'saveFromItems'>;

export function articleReadStore(ctx: StoreContext): ArticleReadStore {
  const { db } = ctx;

  return {
    async provenance(id: string): Promise<StoredProvenance | null> {
      const row = await db.selectFrom('articles').select(['id', 'provenance']).where('id', '=', id).executeTakeFirst();
      if (!row) return null;
      const sources = await sourcesOf(db, [id]);
      return {
        provenance: row.provenance === null ? null : fromJson<ArticleProvenance>(row.provenance, 'articles.provenance', row.id),
        sources: sources.get(id) ?? [],
      };
    },

    async get(id: string): Promise<Article | null> {
      const row = await selectArticles(db).where('articles.id', '=', id).executeTakeFirst();
      if (!row) return null;
      const [article] = await withSources(db, [toArticle(row)]);
      return article ?? null;
    },

    async list(query): Promise<Page<Article>> {
      // Decoded first so a bad cursor is a 400 whatever else the query holds.
      const before = query.cursor ? decodeCursor(query.cursor) : null;
      let select = selectArticles(db);
      if (query.feedId) select = select.where('articles.feed_id', '=', query.feedId);
      if (query.since) select = select.where('articles.sort_at', '>=', iso(query.since));
      if (query.q !== undefined && query.q !== null && query.q.trim() !== '') {
        const condition = searchCondition(ctx.dialect, parseSearchQuery(query.q));
        // Nothing searchable (only punctuation): nothing can match.
        if (condition === null) return { items: [], nextCursor: null };
        // Articles saved in the last moment may still wait for the index (search-index.ts): none is missed.
        await ctx.searchIndex.catchUp();
        select = select.where(condition);
      }
      if (before) {
        select = select.where(({ eb, refTuple, tuple }) =>
          eb(refTuple('articles.sort_at', 'articles.id'), '<', tuple(before.at, before.id)),
        );
      }
      const rows = await select
        .orderBy('articles.sort_at', 'desc')
        .orderBy('articles.id', 'desc')
        .limit(query.limit + 1)
        .execute();
      const page = toPage(rows, query.limit, (row) => ({ at: row.sort_at, id: row.id }), toArticle);
      // One query for the page's sources, not one per article.
      return { ...page, items: await withSources(db, page.items) };
    },

    async listAfter(query): Promise<Article[]> {
      let select = selectArticles(db).where('articles.seq', '>', query.after);
      if (query.feedId) select = select.where('articles.feed_id', '=', query.feedId);
      const rows = await select.orderBy('articles.seq').limit(query.limit).execute();
      return withSources(db, rows.map(toArticle));
    },

    async count(): Promise<number> {
      const row = await db
        .selectFrom('articles')
        .select((eb) => eb.fn.countAll<string | number>().as('count'))
        .executeTakeFirstOrThrow();
      return countValue(row.count);
    },
  };
}

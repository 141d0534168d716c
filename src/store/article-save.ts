/**
 * The article stage's write: one transaction from a staged item to a stored
 * article, its cross-feed dedupe and its deliveries. Every branch marks the
 * item done, so a second run of the same job finds nothing to do.
 */
import { sql, type Kysely } from 'kysely';
import type { Article, CleanArticle, FeedSource } from '../core/model.js';
import type { StoreContext } from './context.js';
import { createDeliveries, createDeliveriesFor } from './delivery-fanout.js';
import { moveArticleCounts } from './article-counts.js';
import { packHtml } from './article-html.js';
import { selectArticles, toArticle } from './article-rows.js';
import { newId } from './ids.js';
import { claimArticleSeqs } from './ingest-seq.js';
import type { Database } from './schema.js';
import type { SaveArticleResult, SaveOptions, Store, WebhookEventName } from './types.js';
import { addSource, dropFingerprint, findNearDuplicate, indexFingerprint, indexFingerprints, nearDuplicateLockKeys, nearDuplicateProbe } from './near-duplicates.js';
import { iso, toJson } from './values.js';

/** Items in these states have had their article stage; anything else may still produce one. */
const SETTLED_ITEM_STATUSES = new Set(['done', 'skipped']);

function nothingAnnounced(article: Article | null, skipped: SaveArticleResult['skipped']): SaveArticleResult {
  return { article, event: null, deliveryIds: [], skipped };
}

/**
 * The "newest first" key: the published date, but never later than when we
 * fetched it (a feed dated in the future would otherwise stay on top for
 * ever) and the fetch time when the date is missing or not a date.
 */
export function sortKey(publishedAt: string | null, fetchedAt: string): string {
  if (publishedAt === null) return fetchedAt;
  const published = new Date(publishedAt);
  const year = published.getUTCFullYear();
  if (Number.isNaN(published.getTime()) || year < 1000) return fetchedAt;
  const key = published.toISOString();
  return key < fetchedAt ? key : fetchedAt;
}

/** The columns an article takes from its cleaned content (the same for insert and update); the HTML comes deflated. */
function contentColumns(clean: CleanArticle, html: Buffer, source: FeedSource) {
  return {
    url: clean.url,
    title: clean.title,
    authors: toJson(clean.authors),
    published_at: clean.publishedAt,
    updated_at: clean.updatedAt,
    summary: clean.summary,
    content_html_deflated: html,
    content_text: clean.contentText,
    image_url: clean.imageUrl,
    image_alt: clean.imageAlt ?? null,
    enclosures: toJson(clean.enclosures ?? []),
    categories: toJson(clean.categories),
    language: clean.language,
    word_count: clean.wordCount,
    content_hash: clean.contentHash,
    source_feed_url: source.feedUrl,
    source_feed_title: source.feedTitle,
    source_site_url: source.siteUrl,
    provenance: clean.provenance ? toJson(clean.provenance) : null,
  };
}

/**
 * Serializes, across PostgreSQL connections, the saves that could find each
 * other as duplicates: without it two feeds' copies of one story, saved at the
 * same moment, would each see no other and both be announced. Keys are taken
 * in sorted order so two saves never wait on each other crosswise. SQLite
 * needs nothing: BEGIN IMMEDIATE already admits one writer at a time.
 */
async function lockDedupeKeys(trx: Kysely<Database>, keys: string[]): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(key, 0))
    from unnest(${[...keys].sort()}::text[]) with ordinality as k(key, n) order by n`.execute(trx);
}

/**
 * Rows read per key (URL, text hash) when looking for the same article in another feed. A feed that
 * publishes one text under many guids fills its own bucket; unbounded, every save of it walked all of
 * them (2.3 ms a save at 2,000). A copy hidden behind more than this many of the other feed's own rows
 * is still found by the near-duplicate lookup, when on (its text is identical: similarity 1).
 */
const EXACT_COPY_CANDIDATES = 16;

async function findCopyInAnotherFeed(trx: Kysely<Database>, feedId: string, clean: CleanArticle): Promise<string | null> {
  // An empty text hashes alike for every article, so it proves nothing.
  const textCounts = clean.contentText.trim() !== '';
  const keys: ['url' | 'content_hash', string][] = [];
  if (clean.url !== null) keys.push(['url', clean.url]);
  if (textCounts) keys.push(['content_hash', clean.contentHash]);
  if (keys.length === 0) return null;
  const bounded = keys.map(
    ([column, value], n) =>
      sql`select id from (select id from articles where ${sql.ref(column)} = ${value} limit ${EXACT_COPY_CANDIDATES}) as ${sql.ref(`k${n}`)}`,
  );
  const row = await trx
    .selectFrom('articles')
    .select('id')
    .where('id', 'in', sql<string>`(${sql.join(bounded, sql` union all `)})`)
    .where('feed_id', '<>', feedId)
    .orderBy('stored_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? null;
}

async function readArticle(trx: Kysely<Database>, id: string, feedId: string): Promise<Article | null> {
  const row = await selectArticles(trx).where('articles.id', '=', id).where('articles.feed_id', '=', feedId).executeTakeFirst();
  return row ? toArticle(row) : null;
}

/** A prepared save: the cleaned article and its near-duplicate probe, computed before the write lock is taken. */
interface SaveEntry {
  itemId: string;
  clean: CleanArticle;
  probe: ReturnType<typeof nearDuplicateProbe>;
  /** The HTML deflated, as it is stored. */
  html: Buffer;
}

/** An item that makes a new article: inserted with the rest of its batch, last (insertNewArticles). */
interface NewArticle {
  entry: SaveEntry;
  item: { feed_id: string; guid: string; created_at: string };
  source: FeedSource;
}

/** The article a save result shows, as a read would give it back. */
function storedArticle(clean: CleanArticle, item: { feed_id: string; guid: string }, source: FeedSource, id: string, fetchedAt: string, seq: number | string): Article {
  return {
    ...clean,
    // What a read gives back: the stored list, empty when the item had none.
    enclosures: clean.enclosures ?? [],
    // The staged guid is the article's identity in its feed (the unique key), whatever normalizing did.
    guid: item.guid,
    id,
    feedId: item.feed_id,
    fetchedAt,
    seq: Number(seq),
    source,
  };
}

/**
 * One item's save inside the caller's transaction, up to the insert of a new
 * article, which is left to the batch's tail (a NewArticle). Every other
 * branch marks the item done here, so a second run finds it settled and
 * announces nothing.
 */
async function saveItem(trx: Kysely<Database>, ctx: StoreContext, entry: SaveEntry, at: string, firstOfferAt: string | undefined): Promise<SaveArticleResult | NewArticle> {
  const { itemId, clean, probe, html } = entry;
  const { dialect, nearDuplicates } = ctx;
  // The feed comes along: its source is needed, and an item without one went with its feed.
  let itemQuery = trx
    .selectFrom('items')
    .innerJoin('feeds', 'feeds.id', 'items.feed_id')
    .select(['items.feed_id', 'items.guid', 'items.status', 'items.article_id', 'items.created_at', 'feeds.url', 'feeds.title', 'feeds.user_title', 'feeds.site_url'])
    .where('items.id', '=', itemId);
  // A concurrent run of the same job waits here, then sees the item done.
  if (dialect === 'postgres') itemQuery = itemQuery.forUpdate('items');
  const item = await itemQuery.executeTakeFirst();
  if (!item) return nothingAnnounced(null, 'unchanged');
  if (SETTLED_ITEM_STATUSES.has(item.status)) {
    // A duplicate's item points at another feed's article, which is not this item's to show.
    return nothingAnnounced(item.article_id ? await readArticle(trx, item.article_id, item.feed_id) : null, 'unchanged');
  }
  const source: FeedSource = { feedUrl: item.url, feedTitle: item.user_title ?? item.title, siteUrl: item.site_url };

  const markDone = async (articleId: string): Promise<void> => {
    // Settling the item deletes its staged body (trigger of migration 019): the row stays as the guid and hash that spot changes.
    await trx.updateTable('items').set({ status: 'done', article_id: articleId, error: null, updated_at: at }).where('id', '=', itemId).execute();
  };
  const announce = async (articleId: string, event: WebhookEventName, fetchedAt: string, seq: number | string): Promise<SaveArticleResult> => {
    const deliveryIds = await createDeliveries(trx, {
      articleId,
      feedId: item.feed_id,
      event,
      contentHash: clean.contentHash,
      at,
      firstOfferAt,
    });
    await markDone(articleId);
    return { article: storedArticle(clean, item, source, articleId, fetchedAt, seq), event, deliveryIds, skipped: null };
  };

  const existing = await trx
    .selectFrom('articles')
    .select(['id', 'content_hash', 'fetched_at', 'seq'])
    .where('feed_id', '=', item.feed_id)
    .where('guid', '=', item.guid)
    .executeTakeFirst();
  if (existing) {
    if (existing.content_hash === clean.contentHash) {
      await markDone(existing.id);
      // As stored: a new title over the same text is not a change worth announcing or saving.
      return nothingAnnounced(await readArticle(trx, existing.id, item.feed_id), 'unchanged');
    }
    await trx
      .updateTable('articles')
      .set({ ...contentColumns(clean, html, source), sort_at: sortKey(clean.publishedAt, existing.fetched_at), row_updated_at: at })
      .where('id', '=', existing.id)
      .execute();
    if (probe === null) await dropFingerprint(trx, existing.seq);
    else await indexFingerprint(trx, { seq: existing.seq, feedId: item.feed_id, storedAt: at, probe });
    return announce(existing.id, 'article.updated', existing.fetched_at, existing.seq);
  }

  if (dialect === 'postgres') await lockDedupeKeys(trx, dedupeKeys(clean, probe));
  const copyId = await findCopyInAnotherFeed(trx, item.feed_id, clean);
  const copy =
    copyId !== null
      ? { articleId: copyId, similarity: 1 }
      : probe === null
        ? null
        : await findNearDuplicate(trx, { feedId: item.feed_id, probe, at, settings: nearDuplicates });
  if (copy !== null) {
    // Another source of the earlier article, not a new one: nothing is announced.
    await addSource(trx, { ...copy, feedId: item.feed_id, guid: item.guid, url: clean.url, title: clean.title, at });
    await markDone(copy.articleId);
    return nothingAnnounced(null, 'duplicate');
  }

  return { entry, item, source };
}

/**
 * The tail of a batch's transaction: its new articles inserted together, with
 * their fingerprints, feed counts, deliveries and items settled, each in one
 * statement. On PostgreSQL the ingestion lock (ingest-seq.ts) is held from the
 * insert to the commit, across every writer of every process, so the tail is
 * kept to these few round trips whatever the batch's size; before, the lock
 * was taken at the batch's first new article and held through all the rest.
 */
async function insertNewArticles(
  trx: Kysely<Database>,
  ctx: StoreContext,
  news: readonly NewArticle[],
  at: string,
  firstOfferAt: string | undefined,
): Promise<SaveArticleResult[]> {
  if (news.length === 0) return [];
  const ids = news.map(() => newId());
  const seqs = await claimArticleSeqs(trx, ctx.dialect, news.length);
  const inserted = await trx
    .insertInto('articles')
    .values(
      news.map(({ entry, item, source }, n) => ({
        ...(seqs === undefined ? {} : { seq: seqs[n]! }),
        id: ids[n]!,
        feed_id: item.feed_id,
        guid: item.guid,
        ...contentColumns(entry.clean, entry.html, source),
        fetched_at: at,
        // Capped at (and for an undated item, equal to) the moment its document was read, in document order.
        sort_at: sortKey(entry.clean.publishedAt, item.created_at < at ? item.created_at : at),
        stored_at: at,
        row_updated_at: at,
      })),
    )
    .returning(['id', 'seq'])
    .execute();
  const seqOf = new Map(inserted.map((row) => [row.id, row.seq]));
  const indexed = news.flatMap(({ entry, item }, n) => (entry.probe === null ? [] : [{ seq: seqOf.get(ids[n]!)!, feedId: item.feed_id, storedAt: at, probe: entry.probe }]));
  await indexFingerprints(trx, indexed);
  await moveArticleCounts(trx, news.map(({ item }) => item.feed_id), '+');
  const deliveryIds = await createDeliveriesFor(
    trx,
    news.map(({ entry, item }, n) => ({ articleId: ids[n]!, feedId: item.feed_id, event: 'article.created' as const, contentHash: entry.clean.contentHash, at, firstOfferAt })),
  );
  // Settling the items deletes their staged bodies (trigger of migration 019).
  await trx
    .updateTable('items')
    .set({
      status: 'done',
      article_id: sql<string>`case id ${sql.join(news.map(({ entry }, n) => sql`when ${entry.itemId} then ${ids[n]!}`), sql` `)} end`,
      error: null,
      updated_at: at,
    })
    .where('id', 'in', news.map(({ entry }) => entry.itemId))
    .execute();
  return news.map(({ entry, item, source }, n) => ({
    article: storedArticle(entry.clean, item, source, ids[n]!, at, seqOf.get(ids[n]!)!),
    event: 'article.created',
    deliveryIds: deliveryIds[n]!,
    skipped: null,
  }));
}

/** The advisory lock keys of the dedupe checks one article's save runs (PostgreSQL). */
function dedupeKeys(clean: CleanArticle, probe: SaveEntry['probe']): string[] {
  return [...(clean.url === null ? [] : [`url:${clean.url}`]), `hash:${clean.contentHash}`, ...nearDuplicateLockKeys(probe)];
}

/**
 * PostgreSQL: takes, up front and in sorted order, every lock the batch's
 * saves will take one by one (the items' rows, then the dedupe keys), so two
 * batches sharing a story never wait on each other crosswise.
 */
async function lockBatch(trx: Kysely<Database>, entries: readonly SaveEntry[]): Promise<void> {
  await trx
    .selectFrom('items')
    .select('id')
    .where('id', 'in', entries.map((e) => e.itemId))
    .orderBy('id')
    .forUpdate()
    .execute();
  await lockDedupeKeys(trx, [...new Set(entries.flatMap(({ clean, probe }) => dedupeKeys(clean, probe)))]);
}

/** Runs a batch's saves in the caller's transaction: each item decided in order, the new articles inserted last, together. */
async function saveBatch(trx: Kysely<Database>, ctx: StoreContext, entries: readonly SaveEntry[], options: SaveOptions): Promise<SaveArticleResult[]> {
  const at = iso(options.at);
  // From the save, not from `at` (when the batch began: cleaning with full text can take seconds).
  const firstOfferAt = options.firstOfferAfterMs === undefined ? undefined : iso(new Date(Date.now() + options.firstOfferAfterMs));
  const results: (SaveArticleResult | null)[] = [];
  const news: { at: number; article: NewArticle }[] = [];
  for (const entry of entries) {
    const saved = await saveItem(trx, ctx, entry, at, firstOfferAt);
    if ('entry' in saved) news.push({ at: results.length, article: saved });
    results.push('entry' in saved ? null : saved);
  }
  const inserted = await insertNewArticles(trx, ctx, news.map((n) => n.article), at, firstOfferAt);
  news.forEach((n, i) => (results[n.at] = inserted[i]!));
  return results.map((result) => result!);
}

export function articleSaveStore(ctx: StoreContext): Pick<Store['articles'], 'saveFromItem' | 'saveFromItems'> {
  // Shingling and deflating are the save's CPU work: done before the write lock is taken.
  const prepare = (itemId: string, clean: CleanArticle): SaveEntry => ({
    itemId,
    clean,
    probe: nearDuplicateProbe(clean.contentText, ctx.nearDuplicates),
    html: packHtml(clean.contentHtml),
  });
  // After the commit: the new articles go to the full-text index in a later batch (search-index.ts).
  const indexSoon = (results: SaveArticleResult[]): SaveArticleResult[] => {
    ctx.searchIndex.saved(results.filter((result) => result.event === 'article.created').length);
    return results;
  };
  return {
    async saveFromItem(itemId: string, clean: CleanArticle, options: SaveOptions): Promise<SaveArticleResult> {
      const entry = prepare(itemId, clean);
      return indexSoon(await ctx.write((trx) => saveBatch(trx, ctx, [entry], options)))[0]!;
    },

    async saveFromItems(entries, options): Promise<SaveArticleResult[]> {
      if (entries.length === 0) return [];
      const prepared = entries.map(({ itemId, clean }) => prepare(itemId, clean));
      const results = await ctx.write(async (trx) => {
        if (ctx.dialect === 'postgres') await lockBatch(trx, prepared);
        return saveBatch(trx, ctx, prepared, options);
      });
      return indexSoon(results);
    },
  };
}

/**
 * The article stage's write: one transaction from a staged item to a stored
 * article, its cross-feed dedupe and its deliveries. Every branch marks the
 * item done, so a second run of the same job finds nothing to do.
 */
import { sql, type Kysely } from 'kysely';
import type { Article, CleanArticle, FeedSource } from '../core/model.js';
import type { StoreDialect } from './connection.js';
import type { StoreContext } from './context.js';
import { executeShaped } from './shaped-statement.js';
import { createDeliveries, createDeliveriesFor, readSubscriptions } from './delivery-fanout.js';
import { moveArticleCounts } from './article-counts.js';
import { observeBoilerplate } from './boilerplate.js';
import { packHtml } from './article-html.js';
import { articleOf, selectArticles, toArticle } from './article-rows.js';
import { newId } from './ids.js';
import { claimArticleSeqs } from './ingest-seq.js';
import type { Database } from './schema.js';
import type { SaveArticleResult, SaveOptions, Store, WebhookEventName } from './types.js';
import { addSource, dropFingerprint, findNearDuplicates, indexFingerprint, indexFingerprints, nearDuplicateLockKeys, nearDuplicateProbe, type NearDuplicate } from './near-duplicates.js';
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

/** Saves asked about per statement (two bounded reads each). */
const COPY_QUERIES_PER_STATEMENT = 64;

type CopyCandidate = { position: number; id: string; feed_id: string; stored_at: string };

/**
 * At most EXACT_COPY_CANDIDATES articles per read, each row naming the
 * asking save's position. Each read carries the columns it needs (joined to
 * the union instead, SQLite walked the whole table) and its limit is written
 * into the text (bound as a value, SQLite ran such reads 45 times slower).
 */
async function readCopyCandidates(
  trx: Kysely<Database>,
  dialect: StoreDialect,
  reads: readonly { position: number; column: 'url' | 'content_hash'; value: string }[],
): Promise<CopyCandidate[]> {
  if (dialect === 'postgres') {
    // PostgreSQL plans each subquery against every index of articles: one lateral read per column, over
    // arrays of the saves' values, plans the same whatever the batch.
    const byColumn = (['url', 'content_hash'] as const).map((column) => reads.filter((read) => read.column === column));
    const values = byColumn.flatMap((list) => [list.map((read) => read.position), list.map((read) => read.value)]);
    return executeShaped<CopyCandidate>(trx, dialect, 'exact-copies-lateral', values, (value) => {
      const bounded = (['url', 'content_hash'] as const).map(
        (column, n) =>
          sql`select q.position, c.id, c.feed_id, c.stored_at from unnest(${value(n * 2)}::int[], ${value(n * 2 + 1)}::text[]) as q(position, value) cross join lateral (select id, feed_id, stored_at from articles where ${sql.ref(column)} = q.value limit ${sql.lit(EXACT_COPY_CANDIDATES)}) as c`,
      );
      return sql<CopyCandidate>`${sql.join(bounded, sql` union all `)}`;
    });
  }
  const shape = `exact-copies:${reads.map((read) => `${read.position}${read.column}`).join(',')}`;
  return executeShaped<CopyCandidate>(trx, dialect, shape, reads.map((read) => read.value), (value) => {
    const bounded = reads.map(
      ({ position, column }, n) =>
        sql`select ${sql.lit(position)} as position, id, feed_id, stored_at from (select id, feed_id, stored_at from articles where ${sql.ref(column)} = ${value(n)} limit ${sql.lit(EXACT_COPY_CANDIDATES)}) as ${sql.ref(`q${n}`)}`,
    );
    return sql<CopyCandidate>`${sql.join(bounded, sql` union all `)}`;
  });
}

/**
 * For each fresh item of a batch (keyed by its place in the batch), the
 * earliest stored article of another feed with the same URL or the same text,
 * read for the whole batch in one statement (a few for a large one).
 */
async function findCopiesInOtherFeeds(
  trx: Kysely<Database>,
  dialect: StoreDialect,
  asks: readonly { key: number; feedId: string; clean: CleanArticle }[],
): Promise<Map<number, string>> {
  const found = new Map<number, string>();
  for (let start = 0; start < asks.length; start += COPY_QUERIES_PER_STATEMENT) {
    const chunk = asks.slice(start, start + COPY_QUERIES_PER_STATEMENT);
    const reads = chunk.flatMap(({ clean }, position) => {
      // An empty text hashes alike for every article, so it proves nothing.
      const keys: { position: number; column: 'url' | 'content_hash'; value: string }[] = [];
      if (clean.url !== null) keys.push({ position, column: 'url', value: clean.url });
      if (clean.contentText.trim() !== '') keys.push({ position, column: 'content_hash', value: clean.contentHash });
      return keys;
    });
    if (reads.length === 0) continue;
    const rows = await readCopyCandidates(trx, dialect, reads);
    const earliest = new Map<number, { id: string; storedAt: string }>();
    for (const row of rows) {
      const ask = chunk[Number(row.position)]!;
      if (row.feed_id === ask.feedId) continue;
      const best = earliest.get(ask.key);
      if (best === undefined || row.stored_at < best.storedAt || (row.stored_at === best.storedAt && row.id < best.id)) earliest.set(ask.key, { id: row.id, storedAt: row.stored_at });
    }
    for (const [key, { id }] of earliest) found.set(key, id);
  }
  return found;
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
  return articleOf(
    // What a read gives back: the stored list, empty when the item had none.
    { ...clean, enclosures: clean.enclosures ?? [] },
    // The staged guid is the article's identity in its feed (the unique key), whatever normalizing did.
    { id, feedId: item.feed_id, guid: item.guid, fetchedAt, seq: Number(seq), source },
  );
}

/** A staged item as the save reads it, with the feed it came from. */
interface ItemRow {
  feed_id: string;
  guid: string;
  status: string;
  article_id: string | null;
  created_at: string;
  url: string;
  title: string | null;
  user_title: string | null;
  site_url: string | null;
}

/** The article an item's guid already has in its feed. */
interface ExistingArticle {
  id: string;
  content_hash: string;
  fetched_at: string;
  seq: number | string;
}

/** What a batch reads before it writes anything: a few statements for the whole batch, not a few per item. */
interface BatchReads {
  items: Map<string, ItemRow>;
  /** By feed id and guid (existingKey). */
  existing: Map<string, ExistingArticle>;
  /** By the entry's place in the batch: the earlier article of another feed it copies. */
  copies: Map<number, NearDuplicate>;
}

function existingKey(feedId: string, guid: string): string {
  return `${feedId}\n${guid}`;
}

/**
 * The batch's reads, in lock order. On PostgreSQL the items' rows are locked
 * first (in id order: a concurrent run of the same job waits here, then sees
 * its items done), then the dedupe keys of its open items (in sorted order),
 * so two batches sharing a story never wait on each other crosswise, and two
 * feeds' copies of one story saved at the same moment cannot both miss each
 * other.
 */
async function readBatch(trx: Kysely<Database>, ctx: StoreContext, entries: readonly SaveEntry[], at: string): Promise<BatchReads> {
  // The feed comes along: its source is needed, and an item without one went with its feed.
  let itemQuery = trx
    .selectFrom('items')
    .innerJoin('feeds', 'feeds.id', 'items.feed_id')
    .select(['items.id', 'items.feed_id', 'items.guid', 'items.status', 'items.article_id', 'items.created_at', 'feeds.url', 'feeds.title', 'feeds.user_title', 'feeds.site_url'])
    .where('items.id', 'in', entries.map((entry) => entry.itemId))
    .orderBy('items.id');
  if (ctx.dialect === 'postgres') itemQuery = itemQuery.forUpdate('items');
  const items = new Map((await itemQuery.execute()).map((row) => [row.id, row]));

  // The entries whose item still waits for its article stage, with their place in the batch.
  const open = entries.flatMap((entry, key) => {
    const item = items.get(entry.itemId);
    return item && !SETTLED_ITEM_STATUSES.has(item.status) ? [{ key, entry, item }] : [];
  });
  const guidsByFeed = new Map<string, string[]>();
  for (const { item } of open) guidsByFeed.set(item.feed_id, [...(guidsByFeed.get(item.feed_id) ?? []), item.guid]);
  const existing = new Map<string, ExistingArticle>();
  if (guidsByFeed.size > 0) {
    const rows = await trx
      .selectFrom('articles')
      .select(['id', 'feed_id', 'guid', 'content_hash', 'fetched_at', 'seq'])
      .where((eb) => eb.or([...guidsByFeed].map(([feedId, guids]) => eb.and([eb('feed_id', '=', feedId), eb('guid', 'in', guids)]))))
      .execute();
    for (const row of rows) existing.set(existingKey(row.feed_id, row.guid), row);
  }

  // Every open item's keys, a changed article's too: its new text is what another feed's save looks for.
  if (ctx.dialect === 'postgres' && open.length > 0) await lockDedupeKeys(trx, [...new Set(open.flatMap(({ entry }) => dedupeKeys(entry.clean, entry.probe)))]);
  // Items that make a new article unless another feed has it already.
  const fresh = open.filter(({ item }) => !existing.has(existingKey(item.feed_id, item.guid)));
  const copies = new Map<number, NearDuplicate>();
  for (const [key, articleId] of await findCopiesInOtherFeeds(trx, ctx.dialect, fresh.map(({ key, item, entry }) => ({ key, feedId: item.feed_id, clean: entry.clean })))) {
    copies.set(key, { articleId, similarity: 1 });
  }
  const unmatched = fresh.flatMap(({ key, item, entry }) => (copies.has(key) || entry.probe === null ? [] : [{ key, feedId: item.feed_id, probe: entry.probe }]));
  if (unmatched.length > 0) {
    for (const [key, near] of await findNearDuplicates(trx, ctx.dialect, unmatched, at, ctx.nearDuplicates)) copies.set(key, near);
  }
  return { items, existing, copies };
}

/**
 * One item's save inside the caller's transaction, from what the batch read,
 * up to the insert of a new article, which is left to the batch's tail (a
 * NewArticle). Every other branch marks the item done here, so a second run
 * finds it settled and announces nothing.
 */
async function saveItem(
  trx: Kysely<Database>,
  reads: BatchReads,
  key: number,
  entry: SaveEntry,
  at: string,
  firstOfferAt: string | undefined,
): Promise<SaveArticleResult | NewArticle> {
  const { itemId, clean, probe, html } = entry;
  const item = reads.items.get(itemId);
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

  const existing = reads.existing.get(existingKey(item.feed_id, item.guid));
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
    const deliveryIds = await createDeliveries(trx, {
      articleId: existing.id,
      feedId: item.feed_id,
      event: 'article.updated',
      contentHash: clean.contentHash,
      at,
      firstOfferAt,
    });
    await markDone(existing.id);
    return { article: storedArticle(clean, item, source, existing.id, existing.fetched_at, existing.seq), event: 'article.updated', deliveryIds, skipped: null };
  }

  const copy = reads.copies.get(key);
  if (copy !== undefined) {
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
  // What needs no article row is done before the ingestion lock: the lock is held to the commit, across every
  // writer of every process, and each round trip under it was another batch's wait (PostgreSQL: 200 ms on
  // average with two workers).
  const subscriptions = await readSubscriptions(trx);
  await moveArticleCounts(trx, news.map(({ item }) => item.feed_id), '+');
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
  const deliveryIds = await createDeliveriesFor(
    trx,
    news.map(({ entry, item }, n) => ({ articleId: ids[n]!, feedId: item.feed_id, event: 'article.created' as const, contentHash: entry.clean.contentHash, at, firstOfferAt })),
    subscriptions,
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

/** Runs a batch's saves in the caller's transaction: each item decided in order, the new articles inserted last, together. */
async function saveBatch(trx: Kysely<Database>, ctx: StoreContext, entries: readonly SaveEntry[], options: SaveOptions): Promise<SaveArticleResult[]> {
  const at = iso(options.at);
  // From the save, not from `at` (when the batch began: cleaning with full text can take seconds).
  const firstOfferAt = options.firstOfferAfterMs === undefined ? undefined : iso(new Date(Date.now() + options.firstOfferAfterMs));
  const results: (SaveArticleResult | null)[] = [];
  const news: { at: number; article: NewArticle }[] = [];
  const reads = await readBatch(trx, ctx, entries, at);
  for (const [key, entry] of entries.entries()) {
    const saved = await saveItem(trx, reads, key, entry, at, firstOfferAt);
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
      const observed = options.boilerplate?.printsPerItem.length ? options.boilerplate : undefined;
      if (entries.length === 0 && observed === undefined) return [];
      const prepared = entries.map(({ itemId, clean }) => prepare(itemId, clean));
      const results = await ctx.write(async (trx) => {
        // One commit for the batch: the boilerplate count was a transaction of its own.
        if (observed !== undefined) await observeBoilerplate(trx, observed.feedId, observed.printsPerItem, observed.window);
        return prepared.length === 0 ? [] : saveBatch(trx, ctx, prepared, options);
      });
      return indexSoon(results);
    },
  };
}

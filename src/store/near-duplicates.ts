/**
 * Near-duplicates in the store: the MinHash band keys of every article's text
 * (table article_fingerprints, one row per article, each band indexed with the
 * day it was stored), the lookup of an earlier article from another feed that
 * carries nearly the same text, and the other sources of an article.
 *
 * A lookup reads at most BUCKET_LIMIT index rows of each band in its window,
 * the newest (band equality on an index: its cost is bounded, whatever the
 * table or the bucket holds) and
 * compares at most VERIFY_LIMIT texts exactly; nothing is held in memory
 * between saves.
 */
import { sql, type Kysely } from 'kysely';
import type { ArticleSource } from '../core/model.js';
import { fingerprint, jaccard, sharedBands, shingles, type Fingerprint } from '../dedupe/minhash.js';
import type { StoreDialect } from './connection.js';
import { BAND_COLUMNS } from './near-duplicate-columns.js';
import { executeShaped } from './shaped-statement.js';
import type { Database } from './schema.js';

/** NEAR_DUPLICATE_PERCENT and NEAR_DUPLICATE_WINDOW_DAYS (docs/configuration.md). */
export interface NearDuplicateSettings {
  /** Jaccard similarity (0..1] a copy needs to be linked as another source; 0 turns the lookup off. */
  minSimilarity: number;
  /** How far back, in days, a copy is looked for. */
  windowDays: number;
}

export const DEFAULT_NEAR_DUPLICATES: NearDuplicateSettings = { minSimilarity: 0.5, windowDays: 7 };

/**
 * Index rows read per band and lookup, the newest first. Unrelated texts share
 * a band with probability about 16 * J^3 (J ~ 0.01), so a bucket holds little
 * but copies and templated items; a feed that posts the same template every
 * day would otherwise make every lookup walk all of its own rows (measured:
 * 5.6 ms a save at 2,000 look-alike items, growing with each).
 */
const BUCKET_LIMIT = 16;
/** Texts compared exactly per lookup, the candidates sharing the most bands first. */
const VERIFY_LIMIT = 4;

const DAY_MS = 86_400_000;

function dayOf(at: string): number {
  return Math.floor(Date.parse(at) / DAY_MS);
}

/** The fingerprint a save looks up and indexes, or null when detection is off or the text too short. */
export function nearDuplicateProbe(text: string, settings: NearDuplicateSettings): Fingerprint | null {
  return settings.minSimilarity > 0 ? fingerprint(text) : null;
}

/** Advisory-lock keys: two saves whose texts could match share at least one (PostgreSQL serializes them). */
export function nearDuplicateLockKeys(probe: Fingerprint | null): string[] {
  return probe === null ? [] : probe.bands.map((key, band) => `band:${band}:${key}`);
}

export interface NearDuplicate {
  articleId: string;
  similarity: number;
}

/** One save's question to findNearDuplicates: `key` names it in the answer. */
export interface NearDuplicateQuery {
  key: number;
  feedId: string;
  probe: Fingerprint;
}

/** Saves asked about per statement: on SQLite each asks one bounded read per band (BANDS subqueries). */
const QUERIES_PER_STATEMENT = 16;

type CandidateRow = { position: number; article_seq: number | string; feed_id: string } & Record<(typeof BAND_COLUMNS)[number], number>;

/**
 * One bounded read per band and query, newest first, each row naming the
 * query's position; the rows of the asking feed are dropped only after, so a
 * feed's own look-alikes cost at most BUCKET_LIMIT reads a band rather than a
 * walk of all of them. Each read carries the columns it needs (joined to the
 * union instead, SQLite walked the whole table) and its limit is written into
 * the text (bound as a value, SQLite ran the reads 45 times slower).
 */
async function readBuckets(trx: Kysely<Database>, dialect: StoreDialect, queries: readonly NearDuplicateQuery[], fromDay: number): Promise<CandidateRow[]> {
  const columns = ['article_seq', 'feed_id', ...BAND_COLUMNS];
  if (dialect === 'postgres') {
    // PostgreSQL plans every subquery against all 17 indexes: 160 of them (10 saves) took 53 ms to plan. One
    // lateral read per band, over arrays of the queries' keys, plans in about 1 ms whatever the batch.
    const positions = queries.map((_, position) => position);
    const values = BAND_COLUMNS.flatMap((_, band) => [positions, queries.map(({ probe }) => probe.bands[band]!), fromDay]);
    return executeShaped<CandidateRow>(trx, dialect, 'near-duplicate-bands-lateral', values, (value) => {
      const reads = BAND_COLUMNS.map(
        (column, band) =>
          sql`select q.position, ${sql.join(columns.map((c) => sql.ref(`f.${c}`)))} from unnest(${value(band * 3)}::int[], ${value(band * 3 + 1)}::int[]) as q(position, key) cross join lateral (select ${sql.join(columns.map((c) => sql.ref(c)))} from article_fingerprints where ${sql.ref(column)} = q.key and day >= ${value(band * 3 + 2)} order by day desc limit ${sql.lit(BUCKET_LIMIT)}) as f`,
      );
      return sql<CandidateRow>`${sql.join(reads, sql` union all `)}`;
    });
  }
  const values = queries.flatMap(({ probe }) => probe.bands.flatMap((key) => [key, fromDay]));
  return executeShaped<CandidateRow>(trx, dialect, `near-duplicate-bands:${queries.length}`, values, (value) => {
    const reads = queries.flatMap((_, position) =>
      BAND_COLUMNS.map((column, band) => {
        const n = (position * BAND_COLUMNS.length + band) * 2;
        const list = sql.join(columns.map((c) => sql.ref(c)));
        return sql`select ${sql.lit(position)} as position, ${list} from (select ${list} from article_fingerprints where ${sql.ref(column)} = ${value(n)} and day >= ${value(n + 1)} order by day desc limit ${sql.lit(BUCKET_LIMIT)}) as ${sql.ref(`q${position}b${band}`)}`;
      }),
    );
    return sql<CandidateRow>`${sql.join(reads, sql` union all `)}`;
  });
}

/**
 * For each query, the most alike article of another feed stored within the
 * window whose text reaches the threshold; the earliest stored among equals.
 * A batch's saves ask together: one statement reads the bands of up to
 * QUERIES_PER_STATEMENT of them and one more their candidates' texts, where
 * asking one by one cost two round trips a save. Queries without a match are
 * absent from the map.
 */
export async function findNearDuplicates(
  trx: Kysely<Database>,
  dialect: StoreDialect,
  queries: readonly NearDuplicateQuery[],
  at: string,
  settings: NearDuplicateSettings,
): Promise<Map<number, NearDuplicate>> {
  const found = new Map<number, NearDuplicate>();
  for (let start = 0; start < queries.length; start += QUERIES_PER_STATEMENT) {
    const chunk = queries.slice(start, start + QUERIES_PER_STATEMENT);
    for (const [key, match] of await findChunk(trx, dialect, chunk, dayOf(at) - settings.windowDays, settings)) found.set(key, match);
  }
  return found;
}

async function findChunk(
  trx: Kysely<Database>,
  dialect: StoreDialect,
  queries: readonly NearDuplicateQuery[],
  fromDay: number,
  settings: NearDuplicateSettings,
): Promise<Map<number, NearDuplicate>> {
  const rows = await readBuckets(trx, dialect, queries, fromDay);
  // Per query (by its position), its candidates from other feeds, each once (an article shares several bands with a copy).
  const candidates = queries.map(() => new Map<number, number>());
  for (const row of rows) {
    const position = Number(row.position);
    const query = queries[position]!;
    const seq = Number(row.article_seq);
    if (row.feed_id === query.feedId || candidates[position]!.has(seq)) continue;
    candidates[position]!.set(seq, sharedBands(query.probe.bands, BAND_COLUMNS.map((column) => row[column])));
  }
  const toVerify = candidates.map((shared) =>
    [...shared]
      .sort(([seqA, a], [seqB, b]) => b - a || seqA - seqB)
      .slice(0, VERIFY_LIMIT)
      .map(([seq]) => seq),
  );
  const found = new Map<number, NearDuplicate>();
  const seqs = [...new Set(toVerify.flat())];
  if (seqs.length === 0) return found;
  const texts = await trx.selectFrom('articles').select(['id', 'seq', 'content_text']).where('seq', 'in', seqs).execute();
  // Shingled once, whichever queries share the candidate.
  const bySeq = new Map(texts.map((row) => [Number(row.seq), { id: row.id, shingles: shingles(row.content_text) }]));
  for (const [position, ranked] of toVerify.entries()) {
    const { key, probe } = queries[position]!;
    let best: (NearDuplicate & { seq: number }) | null = null;
    for (const seq of ranked) {
      const text = bySeq.get(seq);
      if (text === undefined) continue;
      const similarity = jaccard(probe.shingles, text.shingles);
      if (similarity < settings.minSimilarity) continue;
      if (best === null || similarity > best.similarity || (similarity === best.similarity && seq < best.seq)) {
        best = { articleId: text.id, similarity, seq };
      }
    }
    if (best !== null) found.set(key, { articleId: best.articleId, similarity: best.similarity });
  }
  return found;
}

/** Indexes a stored article's fingerprint; a changed text replaces the old keys. */
export async function indexFingerprint(
  trx: Kysely<Database>,
  article: { seq: number | string; feedId: string; storedAt: string; probe: Fingerprint },
): Promise<void> {
  await indexFingerprints(trx, [article]);
}

/** Indexes several articles' fingerprints in one statement (a batch's new articles). */
export async function indexFingerprints(
  trx: Kysely<Database>,
  articles: readonly { seq: number | string; feedId: string; storedAt: string; probe: Fingerprint }[],
): Promise<void> {
  if (articles.length === 0) return;
  const bandsOf = (probe: Fingerprint) =>
    Object.fromEntries(BAND_COLUMNS.map((column, band) => [column, probe.bands[band]!])) as Record<(typeof BAND_COLUMNS)[number], number>;
  await trx
    .insertInto('article_fingerprints')
    .values(articles.map((article) => ({ article_seq: article.seq, feed_id: article.feedId, day: dayOf(article.storedAt), ...bandsOf(article.probe) })))
    // A changed text replaces the old keys with the new ones (`excluded`: the row this statement tried to insert).
    .onConflict((oc) => oc.column('article_seq').doUpdateSet((eb) => Object.fromEntries(BAND_COLUMNS.map((column) => [column, eb.ref(`excluded.${column}`)]))))
    .execute();
}

/** A text that no longer gets a fingerprint (now too short) must not be found by its old one. */
export async function dropFingerprint(trx: Kysely<Database>, seq: number | string): Promise<void> {
  await trx.deleteFrom('article_fingerprints').where('article_seq', '=', seq).execute();
}

/** Rows one prune step reads: bounds how long it holds the write lock. */
const PRUNE_BATCH = 1_000;

/**
 * Drops fingerprints stored before the window: no lookup reads them any more,
 * and the index then stays the size of the window, not of the whole store.
 * Rows are in ingestion order (the article seq), which is also day order, so
 * each step reads the oldest rows and the sweep stops at the first one inside
 * the window: its cost follows what it removes.
 */
export async function pruneFingerprints(
  write: <T>(work: (trx: Kysely<Database>) => Promise<T>) => Promise<T>,
  now: Date,
  settings: NearDuplicateSettings,
): Promise<number> {
  const fromDay = dayOf(now.toISOString()) - settings.windowDays;
  let removed = 0;
  for (;;) {
    const step = await write(async (trx) => {
      const rows = await trx.selectFrom('article_fingerprints').select(['article_seq', 'day']).orderBy('article_seq').limit(PRUNE_BATCH).execute();
      const old = rows.filter((row) => row.day < fromDay).map((row) => row.article_seq);
      if (old.length > 0) await trx.deleteFrom('article_fingerprints').where('article_seq', 'in', old).execute();
      return { removed: old.length, more: old.length === rows.length && rows.length === PRUNE_BATCH };
    });
    removed += step.removed;
    if (!step.more) return removed;
  }
}

/** Records another feed's copy of an article (once per feed and guid). */
export async function addSource(
  trx: Kysely<Database>,
  source: { articleId: string; feedId: string; guid: string; url: string | null; title: string | null; similarity: number; at: string },
): Promise<void> {
  await trx
    .insertInto('article_sources')
    .values({
      article_id: source.articleId,
      feed_id: source.feedId,
      guid: source.guid,
      url: source.url,
      title: source.title,
      // Three decimals: what the API shows; more would only be noise of the shingling.
      similarity: Math.round(source.similarity * 1000) / 1000,
      created_at: source.at,
    })
    .onConflict((oc) => oc.columns(['article_id', 'feed_id', 'guid']).doNothing())
    .execute();
}

/** The other sources of each article, oldest first; articles without any are absent from the map. */
export async function sourcesOf(db: Kysely<Database>, articleIds: string[]): Promise<Map<string, ArticleSource[]>> {
  const byArticle = new Map<string, ArticleSource[]>();
  if (articleIds.length === 0) return byArticle;
  const rows = await db
    .selectFrom('article_sources')
    .selectAll()
    .where('article_id', 'in', articleIds)
    .orderBy('created_at')
    .orderBy('feed_id')
    .execute();
  for (const row of rows) {
    const list = byArticle.get(row.article_id) ?? [];
    // Sources recorded before similarity was kept were exact copies (same URL or same text).
    list.push({ feedId: row.feed_id, guid: row.guid, url: row.url, title: row.title, similarity: row.similarity ?? 1, seenAt: row.created_at });
    byArticle.set(row.article_id, list);
  }
  return byArticle;
}

/** The articles with their `sources` (an empty list when none): what the API's article reads show. */
export async function withSources<T extends { id: string }>(db: Kysely<Database>, articles: T[]): Promise<(T & { sources: ArticleSource[] })[]> {
  const sources = await sourcesOf(db, articles.map((a) => a.id));
  return articles.map((article) => ({ ...article, sources: sources.get(article.id) ?? [] }));
}

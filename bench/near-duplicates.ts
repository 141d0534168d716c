/**
 * Near-duplicate lookup at scale on SQLite: ROWS articles (synthetic texts of
 * 150 words drawn Zipf-like from a 20,000-word vocabulary, so common words and
 * phrases recur as in real text) with their fingerprints in the index, then
 * lookups for copies of stored articles (another footer, a reworded phrase)
 * and for new texts. Reports the fingerprint time per article, lookup
 * p50/p95, the share of copies found and of new texts wrongly matched, and
 * the index's bytes per article. Run alone: `npx tsx bench/near-duplicates.ts [rows]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { silentLogger } from '../src/core/logger.js';
import { fingerprint } from '../src/dedupe/minhash.js';
import { packHtml } from '../src/store/article-html.js';
import { connect, locateDatabase } from '../src/store/connection.js';
import { openStore } from '../src/store/index.js';
import { DEFAULT_NEAR_DUPLICATES, findNearDuplicates, indexFingerprint } from '../src/store/near-duplicates.js';

const VOCABULARY = 20_000;
const WORDS_PER_TEXT = 150;
const LOOKUPS = 1_000;
const BATCH = 2_000;

/** A deterministic generator, so two runs measure the same texts. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function vocabulary(random: () => number): string[] {
  const syllables = ['ka', 'lo', 'mi', 'ren', 'tas', 've', 'dor', 'pi', 'sun', 'el', 'ar', 'tho', 'quin', 'bra', 'ost', 'lyn'];
  return Array.from({ length: VOCABULARY }, () => {
    const length = 1 + Math.floor(random() * 3);
    return Array.from({ length }, () => syllables[Math.floor(random() * syllables.length)]).join('');
  });
}

/** Word rank drawn with probability ~ 1/rank (Zipf), by inverting the harmonic CDF approximately. */
function zipfText(words: string[], random: () => number): string {
  const out: string[] = [];
  for (let i = 0; i < WORDS_PER_TEXT; i++) out.push(words[Math.min(words.length - 1, Math.floor(Math.exp(random() * Math.log(words.length)) - 1))]!);
  return out.join(' ');
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

export async function benchNearDuplicates(rows = 100_000): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'feedloom-neardup-'));
  const url = join(dir, 'bench.db');
  try {
    const store = await openStore(url);
    await store.migrate();
    await store.close();
    const db = connect(locateDatabase(url), silentLogger);
    const random = generator(42);
    const words = vocabulary(random);
    const texts: string[] = [];
    const at = '2026-12-01T12:00:00.000Z';
    let fingerprintMs = 0;
    for (let start = 0; start < rows; start += BATCH) {
      await db.transaction().execute(async (trx) => {
        for (let i = start; i < Math.min(rows, start + BATCH); i++) {
          const text = zipfText(words, random);
          texts.push(text);
          const began = performance.now();
          const probe = fingerprint(text)!;
          fingerprintMs += performance.now() - began;
          const feedId = `feed-${i % 500}`;
          const row = await trx
            .insertInto('articles')
            .values({
              id: `a${i}`, feed_id: feedId, guid: `g${i}`, url: null, title: null, authors: '[]', published_at: null, updated_at: null,
              summary: '', content_html_deflated: packHtml(''), content_text: text, image_url: null, categories: '[]', language: null,
              word_count: WORDS_PER_TEXT, content_hash: `h${i}`, fetched_at: at, sort_at: at, source_feed_url: 'x', source_feed_title: null,
              source_site_url: null, stored_at: at, row_updated_at: at,
            })
            .returning('seq')
            .executeTakeFirstOrThrow();
          await indexFingerprint(trx, { seq: row.seq, feedId, storedAt: at, probe });
        }
      });
    }
    const found: number[] = [];
    const missed: number[] = [];
    let copiesFound = 0;
    let falseMatches = 0;
    for (let n = 0; n < LOOKUPS; n++) {
      const original = texts[Math.floor(random() * texts.length)]!;
      const cut = original.split(' ');
      cut.splice(40, 3, 'reworded', 'phrase', 'here');
      const copy = `${cut.join(' ')} this story first appeared on another site all rights reserved`;
      const fresh = zipfText(words, random);
      for (const [text, times, isCopy] of [[copy, found, true], [fresh, missed, false]] as const) {
        const began = performance.now();
        const match = (await findNearDuplicates(db, 'sqlite', [{ key: 0, feedId: 'feed-new', probe: fingerprint(text)! }], at, DEFAULT_NEAR_DUPLICATES)).get(0) ?? null;
        times.push(performance.now() - began);
        if (isCopy && match !== null) copiesFound++;
        if (!isCopy && match !== null) falseMatches++;
      }
    }
    found.sort((a, b) => a - b);
    missed.sort((a, b) => a - b);
    const bytes = await sql<{ bytes: number }>`select sum(pgsize) as bytes from dbstat where name = 'article_fingerprints' or name like 'article_fingerprints_band_%'`.execute(db);
    const articleBytes = await sql<{ bytes: number }>`select sum(pgsize) as bytes from dbstat where name = 'articles'`.execute(db);
    await db.destroy();
    return {
      rows,
      fingerprintUsPerArticle: Math.round((fingerprintMs / rows) * 1000),
      lookupCopyP50Ms: Number(percentile(found, 0.5).toFixed(3)),
      lookupCopyP95Ms: Number(percentile(found, 0.95).toFixed(3)),
      lookupNewP50Ms: Number(percentile(missed, 0.5).toFixed(3)),
      lookupNewP95Ms: Number(percentile(missed, 0.95).toFixed(3)),
      copiesFoundPercent: (copiesFound / LOOKUPS) * 100,
      falseMatchPercent: (falseMatches / LOOKUPS) * 100,
      indexBytesPerArticle: Math.round(Number(bytes.rows[0]?.bytes ?? 0) / rows),
      articleRowBytesPerArticle: Math.round(Number(articleBytes.rows[0]?.bytes ?? 0) / rows),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = Number(process.argv[2] ?? 100_000);
  console.log(JSON.stringify(await benchNearDuplicates(rows), null, 2));
}

/**
 * Storage per article on both stores: one process (`feedloom start`) ingests
 * a feed of N items served on 127.0.0.1 and delivers each article to a local
 * webhook, once on SQLite and once on PostgreSQL. Then the store's bytes, all
 * tables and indexes together, are divided by the articles stored and set
 * against the article's own bytes (its HTML and its text): the target
 * is at most 1.5x. The per-table breakdown says where the bytes go.
 * Needs Redis and PostgreSQL (POSTGRES_ADMIN_URL, default the test server).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { loadConfig } from '../config/index.js';
import { silentLogger } from '../src/core/logger.js';
import { startService } from '../src/service.js';
import { clearQueuePrefix, listen, waitUntil } from './harness.js';

const ITEMS = 1_000;
const POSTGRES_ADMIN_URL = process.env.POSTGRES_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface StorageFigure {
  articles: number;
  bytesPerArticle: number;
  ownBytesPerArticle: number;
  /** Bytes per article of each table with its indexes (SQLite: the FTS shadow tables under their virtual table). */
  perTable: Record<string, number>;
}

const VOCABULARY = 4_000;
const SYLLABLES = ['ka', 'lo', 'mer', 'tin', 'ha', 'rb', 'our', 'el', 'sta', 'vin', 'qu', 'ost', 'ra', 'dem', 'pol', 'ise', 'un', 'bri'];

/**
 * Deterministic prose: words drawn from a vocabulary of 4,000 by Zipf's law (the word of rank r
 * about 1/r as often), as English is: the hundred commonest make about half of the text. The
 * full-text index's size depends on that shape, so uniform or repeated words would misreport it.
 */
function prose(seed: number, words: number): string {
  let state = seed * 2_654_435_761 + 1;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  const out: string[] = [];
  for (let i = 0; i < words; i += 1) {
    // Inverse of the Zipf CDF (s = 1), ln(r)/ln(N): rank 0 is the commonest word, and the shortest.
    const n = Math.floor(VOCABULARY ** next()) - 1;
    out.push(SYLLABLES[n % 18]! + (n >= 18 ? SYLLABLES[Math.floor(n / 18) % 18]! : '') + (n >= 324 ? SYLLABLES[Math.floor(n / 324) % 18]! : ''));
  }
  return out.join(' ');
}

/** Items of about 7 KB of HTML and as much text on average (bench/pipeline.ts's size), every body its own words. */
function feedDocument(items: number): string {
  const entries = Array.from({ length: items }, (_, i) => {
    // Articles of different lengths (3 to 9 paragraphs, 6 on average), as a feed's are: a store laid
    // out in pages fits rows of one size better or worse than real ones, whatever that size.
    const paragraphs = Array.from({ length: 3 + (i % 7) }, (_, p) => `<p>${prose(i * 10 + p, 100 + ((i * 37 + p * 11) % 200))}.</p>`).join('');
    return `<item><title>Story ${i}: ${prose(i, 6)}</title><link>https://news.example/story/${i}</link><guid>bench-${i}</guid>
<pubDate>${new Date(Date.UTC(2026, 10, 1) + i * 60_000).toUTCString()}</pubDate>
<content:encoded><![CDATA[<p>By Jane Doe</p>${paragraphs}<p>The post appeared first on Bench News.</p>]]></content:encoded></item>`;
  }).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Bench</title><link>https://news.example/</link>${entries}</channel></rss>`;
}

/** The table an index, FTS shadow table or TOAST relation belongs to, for the breakdown. */
function sqliteOwner(name: string, tables: Map<string, string>): string {
  if (name.startsWith('articles_fts')) return 'articles_fts';
  if (name.startsWith('sqlite_autoindex_')) return name.replace(/^sqlite_autoindex_/, '').replace(/_\d+$/, '');
  return tables.get(name) ?? name;
}

function sqliteStorage(file: string): StorageFigure {
  const db = new Database(file, { readonly: true });
  try {
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const pages = db.pragma('page_count', { simple: true }) as number;
    const free = db.pragma('freelist_count', { simple: true }) as number;
    const own = db.prepare('select count(*) as n, sum(length(cast(content_html as blob)) + length(cast(content_text as blob))) as own from articles').get() as {
      n: number;
      own: number;
    };
    const tables = new Map(
      (db.prepare("select name, tbl_name from sqlite_schema where type in ('table', 'index')").all() as { name: string; tbl_name: string }[]).map((row) => [
        row.name,
        row.tbl_name,
      ]),
    );
    const perTable: Record<string, number> = {};
    // dbstat is compiled into better-sqlite3's SQLite: pages actually used by each b-tree.
    for (const row of db.prepare('select name, sum(pgsize) as bytes from dbstat group by name').all() as { name: string; bytes: number }[]) {
      const owner = sqliteOwner(row.name, tables);
      perTable[owner] = (perTable[owner] ?? 0) + row.bytes;
    }
    perTable.freelist = free * pageSize;
    return figure(own.n, (pages - free) * pageSize, own.own, perTable);
  } finally {
    db.close();
  }
}

function figure(articles: number, bytes: number, own: number, perTable: Record<string, number>): StorageFigure {
  const per = (value: number) => Math.round(value / articles);
  return {
    articles,
    bytesPerArticle: per(bytes),
    ownBytesPerArticle: per(own),
    perTable: Object.fromEntries(
      Object.entries(perTable)
        .filter(([, value]) => value > 0)
        .sort(([, a], [, b]) => b - a)
        .map(([name, value]) => [name, per(value)]),
    ),
  };
}

async function postgresStorage(url: string): Promise<StorageFigure> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Counted after a VACUUM, as a long-running server would be: dead row versions are space it reuses.
    await client.query('vacuum');
    const own = await client.query<{ n: string; own: string }>(
      'select count(*) as n, sum(octet_length(content_html) + octet_length(content_text)) as own from articles',
    );
    const tables = await client.query<{ name: string; bytes: string }>(
      `select c.relname as name, pg_total_relation_size(c.oid) as bytes
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where c.relkind = 'r' and n.nspname = 'public'`,
    );
    const perTable = Object.fromEntries(tables.rows.map((row) => [row.name, Number(row.bytes)]));
    const total = Object.values(perTable).reduce((sum, value) => sum + value, 0);
    return figure(Number(own.rows[0]?.n ?? 0), total, Number(own.rows[0]?.own ?? 0), perTable);
  } finally {
    await client.end();
  }
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Ingests ITEMS articles into the store at databaseUrl and delivers each one to a webhook; returns when all are delivered. */
export async function ingest(databaseUrl: string): Promise<void> {
  const xml = feedDocument(ITEMS);
  const feedServer = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(xml));
  let delivered = 0;
  const hookServer = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      delivered += 1;
      res.writeHead(204).end();
    });
  });
  const feedBase = await listen(feedServer);
  const hookBase = await listen(hookServer);
  const prefix = `storage${Date.now().toString(36)}`;
  const config = loadConfig({
    PORT: '0',
    DATABASE_URL: databaseUrl,
    QUEUE_PREFIX: prefix,
    ALLOW_HOSTS: '127.0.0.1',
    MAX_ITEMS_PER_FEED: String(ITEMS),
    LOG_LEVEL: 'silent',
  });
  const service = await startService(config, silentLogger, { api: true, queues: ['fetch', 'article', 'deliver'], scheduler: true }, { handleSignals: false });
  try {
    const post = (path: string, body: unknown) =>
      fetch(`${service.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await post('/v1/webhooks', { url: `${hookBase}/hook` });
    await post('/v1/feeds', { url: `${feedBase}/feed.xml` });
    await waitUntil(() => delivered >= ITEMS, 600_000, 'every article delivered');
    // The last delivery's row is written after the receiver answered: let it land before closing.
    await waitUntil(async () => (await service.store.items.pending(1)).length === 0, 60_000, 'no item left waiting');
  } finally {
    await service.close();
    feedServer.close();
    hookServer.close();
    await clearQueuePrefix(config.redisUrl, prefix);
  }
}

export async function measureSqlite(): Promise<StorageFigure> {
  const dir = mkdtempSync(join(tmpdir(), 'feedloom-storage-'));
  try {
    const file = join(dir, 'storage.db');
    await ingest(file);
    return sqliteStorage(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function measurePostgres(): Promise<StorageFigure> {
  const name = `feedloom_bench_${randomBytes(5).toString('hex')}`;
  await withAdmin((client) => client.query(`create database ${name}`));
  try {
    const url = new URL(POSTGRES_ADMIN_URL);
    url.pathname = `/${name}`;
    await ingest(url.toString());
    return await postgresStorage(url.toString());
  } finally {
    await withAdmin((client) => client.query(`drop database if exists ${name} with (force)`));
  }
}

function report(store: string, result: StorageFigure): Record<string, number> {
  return {
    [`storage.${store}.bytesPerArticle`]: result.bytesPerArticle,
    [`storage.${store}.articleOwnBytes`]: result.ownBytesPerArticle,
    [`storage.${store}.ratio`]: Math.round((result.bytesPerArticle / result.ownBytesPerArticle) * 100) / 100,
    ...Object.fromEntries(Object.entries(result.perTable).map(([table, bytes]) => [`storage.${store}.table.${table}`, bytes])),
  };
}

export async function benchStorage(): Promise<Record<string, number>> {
  return { ...report('sqlite', await measureSqlite()), ...report('postgres', await measurePostgres()) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // `node dist/bench/storage.js sqlite` (or `postgres`) measures one store only.
  const only = process.argv[2];
  console.log(only === 'sqlite' ? report(only, await measureSqlite()) : only === 'postgres' ? report(only, await measurePostgres()) : await benchStorage());
  process.exit(0);
}

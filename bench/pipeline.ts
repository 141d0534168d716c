/**
 * End-to-end throughput: one process (`feedloom start` on SQLite) ingests a
 * feed of N items served on 127.0.0.1 and delivers each article to a local
 * webhook receiver. Reports articles/s from registration to the last
 * article stored, and to the last webhook delivered. Needs Redis.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import { loadConfig } from '../config/index.js';
import { silentLogger } from '../src/core/logger.js';
import { startService } from '../src/service.js';

const ITEMS = 2_000;

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function feedDocument(items: number): string {
  const paragraph = '<p>' + 'The council voted on Tuesday to extend the tram line to the harbour district. '.repeat(12) + '</p>';
  const entries = Array.from(
    { length: items },
    (_, i) => `<item><title>Story ${i}</title><link>https://news.example/story/${i}</link><guid>bench-${i}</guid>
<pubDate>${new Date(Date.UTC(2026, 10, 1) + i * 60_000).toUTCString()}</pubDate>
<content:encoded><![CDATA[<p>By Jane Doe</p>${paragraph.repeat(6)}<p>The post appeared first on Bench News.</p>]]></content:encoded></item>`,
  ).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Bench</title><link>https://news.example/</link>${entries}</channel></rss>`;
}

/**
 * The store's bytes per article, all tables and indexes together, against the
 * article's own bytes (its HTML and its text): what the storage target
 * (at most 1.5x) is measured on. Read after the service closed the database.
 */
function storagePerArticle(file: string): { bytesPerArticle: number; ownBytesPerArticle: number } {
  const db = new Database(file, { readonly: true });
  try {
    const pages = db.pragma('page_count', { simple: true }) as number;
    const free = db.pragma('freelist_count', { simple: true }) as number;
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const row = db.prepare('select count(*) as n, sum(length(content_html) + length(content_text)) as own from articles').get() as { n: number; own: number };
    return { bytesPerArticle: Math.round(((pages - free) * pageSize) / row.n), ownBytesPerArticle: Math.round(row.own / row.n) };
  } finally {
    db.close();
  }
}

async function waitUntil(check: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('benchmark timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function benchPipeline(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'feedloom-bench-'));
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
  const prefix = `bench${Date.now().toString(36)}`;
  const config = loadConfig({
    PORT: '0',
    DATABASE_URL: join(dir, 'bench.db'),
    QUEUE_PREFIX: prefix,
    ALLOW_HOSTS: '127.0.0.1',
    MAX_ITEMS_PER_FEED: String(ITEMS),
    LOG_LEVEL: 'silent',
    ...(process.env.WEBHOOK_PER_SUBSCRIBER_CONCURRENCY ? { WEBHOOK_PER_SUBSCRIBER_CONCURRENCY: process.env.WEBHOOK_PER_SUBSCRIBER_CONCURRENCY } : {}),
  });
  let closed = false;
  const service = await startService(config, silentLogger, { api: true, queues: ['fetch', 'article', 'deliver'], scheduler: true }, { handleSignals: false });
  try {
    const post = (path: string, body: unknown) =>
      fetch(`${service.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await post('/v1/webhooks', { url: `${hookBase}/hook` });
    const started = performance.now();
    await post('/v1/feeds', { url: `${feedBase}/feed.xml` });
    await waitUntil(async () => (await service.store.articles.count()) >= ITEMS, 300_000);
    const stored = (performance.now() - started) / 1000;
    await waitUntil(() => delivered >= ITEMS, 300_000);
    const all = (performance.now() - started) / 1000;
    await service.close();
    closed = true;
    const storage = storagePerArticle(config.databaseUrl);
    return {
      'pipeline.items': ITEMS,
      'pipeline.storedArticlesPerSecond': Math.round(ITEMS / stored),
      'pipeline.deliveredArticlesPerSecond': Math.round(ITEMS / all),
      'storage.sqlite.bytesPerArticle': storage.bytesPerArticle,
      'storage.sqlite.articleOwnBytes': storage.ownBytesPerArticle,
      'storage.sqlite.ratio': Math.round((storage.bytesPerArticle / storage.ownBytesPerArticle) * 100) / 100,
    };
  } finally {
    if (!closed) await service.close();
    feedServer.close();
    hookServer.close();
    const redis = new Redis(config.redisUrl);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await benchPipeline());
}

/**
 * End-to-end throughput: one process (`feedloom start` on SQLite) ingests a
 * feed of N items served on 127.0.0.1 and delivers each article to a local
 * webhook receiver. Reports articles/s from registration to the last
 * article stored, and to the last webhook delivered; per article, the
 * Redis commands (a private redis-server, so only this run's commands count)
 * and the process's CPU time. Needs redis-server installed.
 *
 * Run twice: every item its own story (the headline figures), and every item
 * the same story (`templated*`). A feed of one body told 2,000 times is the
 * near-duplicate lookup's worst case: each save reads the full buckets of
 * its own feed's look-alikes and drops them (over half of the store thread's
 * time), which real feeds of distinct stories never pay.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import { loadConfig } from '../config/index.js';
import { silentLogger } from '../src/core/logger.js';
import { startEmbeddedRedis } from '../src/queue/embedded-redis.js';
import { startService } from '../src/service.js';
import { postJson, serveFeedAndReceiver, story, waitUntil } from './harness.js';
import { DeliveredArticles } from './storage.js';

const ITEMS = 2_000;

/** Six paragraphs of about 1,000 characters, as the templated story's. */
const PARAGRAPHS = 6;
const WORDS_PER_PARAGRAPH = 140;
const TEMPLATED_PARAGRAPH = '<p>' + 'The council voted on Tuesday to extend the tram line to the harbour district. '.repeat(12) + '</p>';

type Bodies = 'distinct' | 'templated';

function feedDocument(items: number, bodies: Bodies): string {
  const body = (i: number) => (bodies === 'templated' ? TEMPLATED_PARAGRAPH.repeat(PARAGRAPHS) : story(`bench-${i}`, PARAGRAPHS, WORDS_PER_PARAGRAPH));
  const entries = Array.from(
    { length: items },
    (_, i) => `<item><title>Story ${i}</title><link>https://news.example/story/${i}</link><guid>bench-${i}</guid>
<pubDate>${new Date(Date.UTC(2026, 10, 1) + i * 60_000).toUTCString()}</pubDate>
<content:encoded><![CDATA[<p>By Jane Doe</p>${body(i)}<p>The post appeared first on Bench News.</p>]]></content:encoded></item>`,
  ).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Bench</title><link>https://news.example/</link>${entries}</channel></rss>`;
}

/**
 * The store's bytes per article, all tables and indexes together, against the
 * article's own bytes (its HTML and its text as delivered, storage.ts): what the storage
 * target (at most 1.5x) is measured on. Read after the service closed the database.
 */
function storagePerArticle(file: string, delivered: DeliveredArticles): { bytesPerArticle: number; ownBytesPerArticle: number } {
  const db = new Database(file, { readonly: true });
  try {
    const pages = db.pragma('page_count', { simple: true }) as number;
    const free = db.pragma('freelist_count', { simple: true }) as number;
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const row = db.prepare('select count(*) as n from articles').get() as { n: number };
    return { bytesPerArticle: Math.round(((pages - free) * pageSize) / row.n), ownBytesPerArticle: Math.round(delivered.ownBytesPerArticle) };
  } finally {
    db.close();
  }
}

/** Commands Redis has run since it started, by command (INFO commandstats). */
async function redisCommands(redis: Redis): Promise<Map<string, number>> {
  const info = await redis.info('commandstats');
  return new Map([...info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)].map((m) => [m[1] as string, Number(m[2])]));
}

/** The commands run between two snapshots: the total and the busiest few, to see where round trips go. */
function commandsBetween(before: Map<string, number>, after: Map<string, number>): { total: number; top: string } {
  const delta = [...after].map(([name, calls]) => [name, calls - (before.get(name) ?? 0)] as const).filter(([, n]) => n > 0);
  delta.sort((a, b) => b[1] - a[1]);
  return { total: delta.reduce((sum, [, n]) => sum + n, 0), top: delta.slice(0, 6).map(([name, n]) => `${name} ${n}`).join(', ') };
}

export async function benchPipeline(): Promise<Record<string, number>> {
  const distinct = await runPipeline('distinct');
  const templated = await runPipeline('templated');
  return {
    ...distinct,
    'pipeline.templatedDeliveredArticlesPerSecond': templated['pipeline.deliveredArticlesPerSecond']!,
    'pipeline.templatedCpuMsPerArticle': templated['pipeline.cpuMsPerArticle']!,
  };
}

async function runPipeline(kind: Bodies): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'feedloom-bench-'));
  // Read after the timing, so the measured process does not parse them.
  const bodies: string[] = [];
  const world = await serveFeedAndReceiver(feedDocument(ITEMS, kind), (body) => bodies.push(body));
  const prefix = `bench${Date.now().toString(36)}`;
  const privateRedis = await startEmbeddedRedis(join(dir, 'redis'), silentLogger, 'redis-server');
  const config = loadConfig({
    REDIS_URL: privateRedis.url,
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
    await postJson(service.url, '/v1/webhooks', { url: world.hookUrl });
    const counter = new Redis(privateRedis.url);
    const commandsBefore = await redisCommands(counter);
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    await postJson(service.url, '/v1/feeds', { url: world.feedUrl });
    await waitUntil(async () => (await service.store.articles.count()) >= ITEMS, 300_000, 'every article stored', 20);
    const stored = (performance.now() - started) / 1000;
    await waitUntil(() => bodies.length >= ITEMS, 300_000, 'every article delivered', 20);
    const all = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    // Less the INFO call itself and whatever the idle workers poll with (both a handful).
    const commands = commandsBetween(commandsBefore, await redisCommands(counter));
    process.stderr.write(`pipeline (${kind} bodies): redis commands for ${ITEMS} articles: ${commands.total} (${commands.top})\n`);
    counter.disconnect();
    await service.close();
    closed = true;
    const delivered = new DeliveredArticles();
    for (const body of bodies) delivered.add(body);
    const storage = storagePerArticle(config.databaseUrl, delivered);
    return {
      'pipeline.items': ITEMS,
      'pipeline.storedArticlesPerSecond': Math.round(ITEMS / stored),
      'pipeline.deliveredArticlesPerSecond': Math.round(ITEMS / all),
      'pipeline.redisCommandsPerArticle': Math.round((commands.total / ITEMS) * 10) / 10,
      'pipeline.cpuMsPerArticle': Math.round(((cpu.user + cpu.system) / 1000 / ITEMS) * 100) / 100,
      'storage.sqlite.bytesPerArticle': storage.bytesPerArticle,
      'storage.sqlite.articleOwnBytes': storage.ownBytesPerArticle,
      'storage.sqlite.ratio': Math.round((storage.bytesPerArticle / storage.ownBytesPerArticle) * 100) / 100,
    };
  } finally {
    if (!closed) await service.close();
    world.close();
    privateRedis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await benchPipeline());
  // The embedded redis-server's exit hook and the closed service leave nothing to wait for.
  process.exit(0);
}

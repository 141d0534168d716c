/**
 * The measurement, from outside: a farm of WordPress-style feeds on
 * 127.0.0.1, imported by OPML into `feedloom start` (its own SQLite file and
 * queue prefix), a webhook receiver, then waves of new posts each followed by
 * one bulk fetch trigger. Prints articles/s delivered for the initial
 * ingestion, publish -> webhook p50/p95 for the waves, lost and duplicated
 * articles, the service's CPU seconds and peak RSS.
 *
 *   npm run build && node dist/bench/blackbox.js [feeds=2000] [posts=10] [waves=3]
 *
 * Needs Redis (REDIS_URL, default 127.0.0.1:6379) and a built dist/.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

const [FEEDS = 2000, POSTS = 10, WAVES = 3] = process.argv.slice(2).map(Number);
// Every post says which one it is: identical bodies would be one story to the cross-feed dedupe.
const PARAGRAPH =
  '<p>The council approved the new budget on Tuesday after a long debate about school funding, road repairs and the future of the public library.</p>';

interface Post {
  guid: string;
  publishedAt: number;
}

const posts: Post[][] = Array.from({ length: FEEDS }, (_, f) =>
  Array.from({ length: POSTS }, (_, p) => ({ guid: `f${f}-p${p}`, publishedAt: Date.UTC(2026, 10, 1) + p * 3_600_000 })),
);

function rss(feed: number): string {
  const items = posts[feed]!.slice(-POSTS)
    .reverse()
    .map(
      (post) => `<item><title>Post ${post.guid}</title><link>https://site${feed}.example/${post.guid}/</link>
<guid isPermaLink="false">${post.guid}</guid><pubDate>${new Date(post.publishedAt).toUTCString()}</pubDate>
<dc:creator><![CDATA[admin]]></dc:creator><category><![CDATA[News]]></category>
<content:encoded><![CDATA[<p>Report ${post.guid} from site ${feed}.</p>${PARAGRAPH.repeat(8)}<div class="sharedaddy"><h3>Share this:</h3></div><p>The post <a href="https://site${feed}.example/${post.guid}/">Post</a> appeared first on <a href="https://site${feed}.example">Site</a>.</p>]]></content:encoded></item>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Site ${feed}</title><link>https://site${feed}.example</link><generator>https://wordpress.org/?v=6.5</generator>${items}</channel></rss>`;
}

async function listen(server: ReturnType<typeof createServer>): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** utime+stime in seconds and the peak RSS (VmHWM) in MB of a Linux process. */
function processUsage(pid: number): { cpuSeconds: number; peakRssMB: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ticks = Number(stat[11]) + Number(stat[12]);
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return { cpuSeconds: ticks / 100, peakRssMB: Math.round(Number(hwm?.[1] ?? 0) / 1024) };
}

const farm = createServer((req, res) => {
  const match = /^\/feed\/(\d+)\.xml$/.exec(req.url ?? '');
  if (!match) return res.writeHead(404).end();
  res.writeHead(200, { 'content-type': 'application/rss+xml; charset=UTF-8' }).end(rss(Number(match[1])));
});
const received = new Map<string, { ids: Set<string>; at: number }>();
let requests = 0;
const sink = createServer((req, res) => {
  void body(req).then((text) => {
    requests += 1;
    const { data } = JSON.parse(text) as { data: { guid: string } };
    const seen = received.get(data.guid) ?? { ids: new Set<string>(), at: Date.now() };
    seen.ids.add(String(req.headers['webhook-id']));
    received.set(data.guid, seen);
    res.writeHead(204).end();
  });
});

const farmPort = await listen(farm);
const sinkPort = await listen(sink);
/** A port nothing listens on now: the service is told to take it. */
async function freePort(): Promise<number> {
  const probe = createServer();
  const port = await listen(probe);
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
const servicePort = await freePort();
const dir = mkdtempSync(join(tmpdir(), 'feedloom-blackbox-'));
const prefix = `bb${Date.now().toString(36)}`;
const child = spawn(process.execPath, ['dist/src/cli.js', 'start'], {
  env: {
    ...process.env,
    PORT: String(servicePort),
    HOST: '127.0.0.1',
    DATABASE_URL: join(dir, 'feedloom.db'),
    QUEUE_PREFIX: prefix,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    ALLOW_HOSTS: '127.0.0.1',
    RATE_LIMIT_MAX: '1000000',
    MAX_POLL_SECONDS: '86400',
    DEFAULT_POLL_SECONDS: '86400',
    LOG_LEVEL: 'warn',
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const api = `http://127.0.0.1:${servicePort}`;
try {
  await waitUntil(async () => (await fetch(`${api}/healthz`).catch(() => null))?.ok === true, 60_000, 'the service');
  const post = (path: string, payload: string, type = 'application/json') =>
    fetch(`${api}${path}`, { method: 'POST', headers: { 'content-type': type }, body: payload });
  await post('/v1/webhooks', JSON.stringify({ url: `http://127.0.0.1:${sinkPort}/hook` }));
  const outlines = Array.from({ length: FEEDS }, (_, f) => `<outline type="rss" text="site ${f}" xmlUrl="http://127.0.0.1:${farmPort}/feed/${f}.xml"/>`);
  const started = Date.now();
  const imported = await post('/v1/opml', `<?xml version="1.0"?><opml version="2.0"><body><outline text="bench">${outlines.join('')}</outline></body></opml>`, 'text/x-opml');
  if (!imported.ok) throw new Error(`OPML import answered ${imported.status}: ${await imported.text()}`);
  const initial = FEEDS * POSTS;
  await waitUntil(() => received.size >= initial, 1_800_000, 'the initial articles');
  const initialSeconds = (Date.now() - started) / 1000;

  const latencies: number[] = [];
  for (let wave = 0; wave < WAVES; wave += 1) {
    const publishedAt = Date.now();
    for (let f = 0; f < FEEDS; f += 1) posts[f]!.push({ guid: `f${f}-w${wave}`, publishedAt });
    const trigger = await post('/v1/feeds/fetch', JSON.stringify({ tag: 'bench' }));
    if (!trigger.ok) throw new Error(`bulk fetch answered ${trigger.status}: ${await trigger.text()}`);
    await waitUntil(() => Array.from({ length: FEEDS }, (_, f) => received.has(`f${f}-w${wave}`)).every(Boolean), 600_000, `wave ${wave}`);
    for (let f = 0; f < FEEDS; f += 1) latencies.push(received.get(`f${f}-w${wave}`)!.at - publishedAt);
  }
  const expected = FEEDS * (POSTS + WAVES);
  const usage = processUsage(child.pid!);
  const elapsed = (Date.now() - started) / 1000;
  console.log({
    feeds: FEEDS,
    initialArticles: initial,
    initialArticlesPerSecond: Math.round(initial / initialSeconds),
    wavesP50Seconds: Math.round(percentile(latencies, 50)) / 1000,
    wavesP95Seconds: Math.round(percentile(latencies, 95)) / 1000,
    lost: expected - received.size,
    duplicated: [...received.values()].filter((r) => r.ids.size > 1).length,
    webhookRequests: requests,
    serviceCpuSeconds: usage.cpuSeconds,
    elapsedSeconds: Math.round(elapsed),
    serviceCoresUsed: Math.round((usage.cpuSeconds / elapsed) * 100) / 100,
    servicePeakRssMB: usage.peakRssMB,
  });
} finally {
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  farm.close();
  sink.close();
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
  rmSync(dir, { recursive: true, force: true });
}

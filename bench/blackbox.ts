/**
 * The measurement, from outside: a farm of WordPress-style feeds on
 * 127.0.0.1, imported by OPML into the service, a webhook receiver, then
 * waves of new posts each followed by one bulk fetch trigger. Prints
 * articles/s delivered for the initial ingestion, publish -> webhook p50/p95
 * for the waves, lost and duplicated articles, the service's CPU seconds and
 * peak RSS.
 *
 * Two deployments, same farm and receiver:
 * - single: `feedloom start` on its own SQLite file (what `npm start` runs);
 * - split: a fresh PostgreSQL database, `feedloom api` and two `feedloom worker`
 *   processes (CPU and RSS summed over the three).
 *
 *   npm run build && node dist/bench/blackbox.js [--mode single|split|both] [--feeds 2000] [--posts 10] [--waves 3]
 *
 * Needs Redis (REDIS_URL, default 127.0.0.1:6379), for split PostgreSQL
 * (BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/postgres:
 * a database it may create and drop others from), and a built dist/.
 * BENCH_CPU_PROF=dir writes a CPU profile of every service process to dir.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { clearQueuePrefix, createScratchDatabase, freePort, listen, processUsage, spawnFeedloom, stop, story, waitUntil } from './harness.js';

const { values: args } = parseArgs({
  options: {
    mode: { type: 'string', default: 'single' },
    feeds: { type: 'string', default: '2000' },
    posts: { type: 'string', default: '10' },
    waves: { type: 'string', default: '3' },
  },
  strict: true,
});
const MODES = ['single', 'split', 'both'] as const;
type Mode = (typeof MODES)[number];
if (!(MODES as readonly string[]).includes(args.mode)) throw new Error(`--mode must be one of ${MODES.join(', ')}, not "${args.mode}"`);
function count(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a whole number of at least 1, not "${value}"`);
  return n;
}
const FEEDS = count('feeds', args.feeds);
const POSTS = count('posts', args.posts);
const WAVES = count('waves', args.waves);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const POSTGRES_ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

interface Post {
  guid: string;
  publishedAt: number;
}

/** The farm's posts, per feed; a run's waves append to them, so each run starts from a fresh copy. */
let posts: Post[][] = [];
function resetPosts(): void {
  posts = Array.from({ length: FEEDS }, (_, f) =>
    Array.from({ length: POSTS }, (_, p) => ({ guid: `f${f}-p${p}`, publishedAt: Date.UTC(2026, 10, 1) + p * 3_600_000 })),
  );
}

function rss(feed: number): string {
  const items = posts[feed]!.slice(-POSTS)
    .reverse()
    .map(
      (post) => `<item><title>Post ${post.guid}</title><link>https://site${feed}.example/${post.guid}/</link>
<guid isPermaLink="false">${post.guid}</guid><pubDate>${new Date(post.publishedAt).toUTCString()}</pubDate>
<dc:creator><![CDATA[admin]]></dc:creator><category><![CDATA[News]]></category>
<content:encoded><![CDATA[<p>Report ${post.guid} from site ${feed}.</p>${story(post.guid, 8)}<div class="sharedaddy"><h3>Share this:</h3></div><p>The post <a href="https://site${feed}.example/${post.guid}/">Post</a> appeared first on <a href="https://site${feed}.example">Site</a>.</p>]]></content:encoded></item>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Site ${feed}</title><link>https://site${feed}.example</link><generator>https://wordpress.org/?v=6.5</generator>${items}</channel></rss>`;
}

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const farm = createServer((req, res) => {
  const match = /^\/feed\/(\d+)\.xml$/.exec(req.url ?? '');
  if (!match || Number(match[1]) >= posts.length) return res.writeHead(404).end();
  res.writeHead(200, { 'content-type': 'application/rss+xml; charset=UTF-8' }).end(rss(Number(match[1])));
});
/** Per guid: the webhook ids it arrived under (more than one is a duplicate) and when it first arrived. */
let received = new Map<string, { ids: Set<string>; at: number }>();
let requests = 0;
/** Webhook requests whose body was not a whole JSON document. */
let bad = 0;
const sink = createServer((req, res) => {
  body(req).then(
    (text) => {
      requests += 1;
      let data: { guid: string };
      try {
        ({ data } = JSON.parse(text) as { data: { guid: string } });
      } catch {
        // A body cut short (the sender gave up mid-request): refused, the sender retries.
        bad += 1;
        return res.writeHead(400).end();
      }
      const seen = received.get(data.guid) ?? { ids: new Set<string>(), at: Date.now() };
      seen.ids.add(String(req.headers['webhook-id']));
      received.set(data.guid, seen);
      res.writeHead(204).end();
    },
    () => res.writeHead(400).end(),
  );
});

/** A port of 127.0.0.1 a server listens on. */
async function listenLocal(server: ReturnType<typeof createServer>): Promise<number> {
  return Number(new URL(await listen(server)).port);
}

interface Deployment {
  /** The processes whose CPU and memory are the service's. */
  processes: ChildProcess[];
  /** Answer once every process is up: the API's /readyz, each worker's /metrics. */
  readyUrls: string[];
  /** Stops the processes and removes what the deployment made (database, files). */
  teardown(): Promise<void>;
}

/** The environment both deployments share: the limits the run used, quiet logs. */
function serviceEnv(port: number, prefix: string): Record<string, string> {
  return {
    PORT: String(port),
    HOST: '127.0.0.1',
    QUEUE_PREFIX: prefix,
    REDIS_URL,
    ALLOW_HOSTS: '127.0.0.1',
    RATE_LIMIT_MAX: '1000000',
    MAX_POLL_SECONDS: '86400',
    DEFAULT_POLL_SECONDS: '86400',
    LOG_LEVEL: 'warn',
  };
}

function startSingle(port: number, prefix: string): Deployment {
  const dir = mkdtempSync(join(tmpdir(), 'feedloom-blackbox-'));
  const child = spawnFeedloom(['start'], { ...serviceEnv(port, prefix), DATABASE_URL: join(dir, 'feedloom.db') });
  return {
    processes: [child],
    readyUrls: [`http://127.0.0.1:${port}/readyz`],
    async teardown() {
      await stop([child]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function startSplit(port: number, prefix: string): Promise<Deployment> {
  const database = await createScratchDatabase(POSTGRES_ADMIN_URL, `feedloom_${prefix}`);
  const env = { ...serviceEnv(port, prefix), DATABASE_URL: database.url };
  // All three start (and migrate, under the store's lock) at once, as a deployment rolls out. A worker's
  // /metrics answers once it has migrated; its workers start right after.
  const metricsPorts = [await freePort(), await freePort()];
  const children = [spawnFeedloom(['api'], env), ...metricsPorts.map((p) => spawnFeedloom(['worker', '--metrics-port', String(p)], env))];
  return {
    processes: children,
    readyUrls: [`http://127.0.0.1:${port}/readyz`, ...metricsPorts.map((p) => `http://127.0.0.1:${p}/metrics`)],
    async teardown() {
      await stop(children);
      await database.drop();
    },
  };
}

async function measure(mode: Exclude<Mode, 'both'>, farmPort: number, sinkPort: number): Promise<Record<string, number | string>> {
  resetPosts();
  received = new Map();
  requests = 0;
  bad = 0;
  const servicePort = await freePort();
  const prefix = `bb${Date.now().toString(36)}`;
  const deployment = mode === 'single' ? startSingle(servicePort, prefix) : await startSplit(servicePort, prefix);
  const api = `http://127.0.0.1:${servicePort}`;
  const launched = Date.now();
  // A line every 10 s on stderr: a stall shows as a count that stops moving.
  const progress = setInterval(() => process.stderr.write(`  ${mode} ${Math.round((Date.now() - launched) / 1000)} s since launch: ${received.size} articles received, ${requests} webhook requests (${bad} cut short)\n`), 10_000);
  try {
    const exited = () => deployment.processes.find((p) => p.exitCode !== null || p.signalCode !== null);
    await waitUntil(
      async () => {
        const gone = exited();
        if (gone) throw new Error(`${mode}: a service process exited (${gone.exitCode ?? gone.signalCode}) before it was ready`);
        const answers = await Promise.all(deployment.readyUrls.map((url) => fetch(url).then((r) => r.ok, () => false)));
        return answers.every(Boolean);
      },
      120_000,
      `the ${mode} service`,
    );
    const post = (path: string, payload: string, type = 'application/json') =>
      fetch(`${api}${path}`, { method: 'POST', headers: { 'content-type': type }, body: payload });
    const hook = await post('/v1/webhooks', JSON.stringify({ url: `http://127.0.0.1:${sinkPort}/hook` }));
    if (!hook.ok) throw new Error(`webhook subscription answered ${hook.status}: ${await hook.text()}`);
    const outlines = Array.from({ length: FEEDS }, (_, f) => `<outline type="rss" text="site ${f}" xmlUrl="http://127.0.0.1:${farmPort}/feed/${f}.xml"/>`);
    const started = Date.now();
    const imported = await post('/v1/opml', `<?xml version="1.0"?><opml version="2.0"><body><outline text="bench">${outlines.join('')}</outline></body></opml>`, 'text/x-opml');
    if (!imported.ok) throw new Error(`OPML import answered ${imported.status}: ${await imported.text()}`);
    const initial = FEEDS * POSTS;
    await waitUntil(() => received.size >= initial, 1_800_000, `the initial ${initial} articles (${mode})`);
    const initialSeconds = (Date.now() - started) / 1000;

    const latencies: number[] = [];
    for (let wave = 0; wave < WAVES; wave += 1) {
      const publishedAt = Date.now();
      for (let f = 0; f < FEEDS; f += 1) posts[f]!.push({ guid: `f${f}-w${wave}`, publishedAt });
      const trigger = await post('/v1/feeds/fetch', JSON.stringify({ tag: 'bench' }));
      if (!trigger.ok) throw new Error(`bulk fetch answered ${trigger.status}: ${await trigger.text()}`);
      const answeredMs = Date.now() - publishedAt;
      await waitUntil(() => Array.from({ length: FEEDS }, (_, f) => received.has(`f${f}-w${wave}`)).every(Boolean), 600_000, `wave ${wave} (${mode})`);
      const waveLatencies = Array.from({ length: FEEDS }, (_, f) => received.get(`f${f}-w${wave}`)!.at - publishedAt);
      latencies.push(...waveLatencies);
      // Where a wave's time goes: the trigger's answer, then the first and the last article.
      process.stderr.write(`  wave ${wave}: trigger answered after ${answeredMs} ms, first article at ${Math.min(...waveLatencies)} ms, last at ${Math.max(...waveLatencies)} ms\n`);
    }
    // Late duplicates would arrive after the last wave: give them a moment to show.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const expected = FEEDS * (POSTS + WAVES);
    const usage = deployment.processes.map((p) => processUsage(p.pid!));
    const cpuSeconds = Math.round(usage.reduce((sum, u) => sum + u.cpuSeconds, 0) * 10) / 10;
    const elapsed = (Date.now() - started) / 1000;
    return {
      mode: mode === 'single' ? 'single (start, SQLite)' : 'split (api + 2 workers, PostgreSQL)',
      feeds: FEEDS,
      initialArticles: initial,
      initialArticlesPerSecond: Math.round(initial / initialSeconds),
      wavesP50Seconds: Math.round(percentile(latencies, 50)) / 1000,
      wavesP95Seconds: Math.round(percentile(latencies, 95)) / 1000,
      lost: expected - received.size,
      duplicated: [...received.values()].filter((r) => r.ids.size > 1).length,
      webhookRequests: requests,
      webhookBodiesCutShort: bad,
      serviceCpuSeconds: cpuSeconds,
      elapsedSeconds: Math.round(elapsed),
      serviceCoresUsed: Math.round((cpuSeconds / elapsed) * 100) / 100,
      servicePeakRssMB: usage.reduce((sum, u) => sum + u.peakRssMB, 0),
      ...(usage.length > 1 ? { peakRssMBPerProcess: usage.map((u) => u.peakRssMB).join(' / ') } : {}),
    };
  } finally {
    clearInterval(progress);
    await deployment.teardown();
    await clearQueuePrefix(REDIS_URL, prefix);
  }
}

const farmPort = await listenLocal(farm);
const sinkPort = await listenLocal(sink);
try {
  const modes: Exclude<Mode, 'both'>[] = args.mode === 'both' ? ['single', 'split'] : [args.mode as Exclude<Mode, 'both'>];
  const results: Record<string, number | string>[] = [];
  for (const mode of modes) {
    process.stderr.write(`black-box ${mode}: ${FEEDS} feeds × ${POSTS} posts, ${WAVES} waves…\n`);
    const result = await measure(mode, farmPort, sinkPort);
    console.log(result);
    results.push(result);
  }
  if (results.length > 1) {
    // Side by side: one row a metric, one column a deployment.
    const metrics = Object.keys(results[0]!).filter((key) => key !== 'mode');
    console.table(Object.fromEntries(metrics.map((key) => [key, Object.fromEntries(results.map((r, i) => [modes[i]!, r[key] ?? '']))])));
  }
} finally {
  farm.closeAllConnections();
  farm.close();
  sink.closeAllConnections();
  sink.close();
}

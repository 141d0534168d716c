/**
 * Idle polling at scale: 20,000 feeds registered by OPML in one process
 * (`feedloom start` on SQLite), every feed answering 304 once fetched. After
 * the first wave, reports the process's CPU share and RSS while it polls
 * every feed each minute (the shortest interval: ~333 polls/s, mostly 304).
 * The feed server runs in the same process, so its cost is included. Needs Redis.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config/index.js';
import { silentLogger } from '../src/core/logger.js';
import { startService } from '../src/service.js';
import { clearQueuePrefix, listen, waitUntil } from './harness.js';

const FEEDS = 20_000;
/** The OPML import takes at most this many outlines per document. */
const PER_IMPORT = 10_000;
const IDLE_WINDOW_MS = 20_000;

const EMPTY_FEED = '<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title><link>https://quiet.example/</link></channel></rss>';

function opml(base: string, from: number, to: number): string {
  const outlines = Array.from({ length: to - from }, (_, i) => `<outline type="rss" text="f${from + i}" xmlUrl="${base}/feed/${from + i}.xml"/>`);
  return `<?xml version="1.0"?><opml version="2.0"><head><title>idle</title></head><body>${outlines.join('')}</body></opml>`;
}

export async function benchIdle(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'feedloom-idle-'));
  let requests = 0;
  const polled = new Set<string>();
  const feedServer = createServer((req, res) => {
    requests += 1;
    polled.add(req.url ?? '');
    if (req.headers['if-none-match'] === '"v1"') return res.writeHead(304).end();
    res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v1"' }).end(EMPTY_FEED);
  });
  const base = await listen(feedServer);
  const prefix = `idle${Date.now().toString(36)}`;
  const config = loadConfig({
    PORT: '0',
    DATABASE_URL: join(dir, 'idle.db'),
    QUEUE_PREFIX: prefix,
    ALLOW_HOSTS: '127.0.0.1',
    LOG_LEVEL: 'silent',
    RATE_LIMIT_MAX: '1000000',
    // The shortest interval allowed, so the window sees steady polling (~FEEDS/60 per second), not only waiting.
    DEFAULT_POLL_SECONDS: '60',
  });
  const service = await startService(config, silentLogger, { api: true, queues: ['fetch', 'article', 'deliver'], scheduler: true }, { handleSignals: false });
  try {
    for (let from = 0; from < FEEDS; from += PER_IMPORT) {
      const response = await fetch(`${service.url}/v1/opml`, {
        method: 'POST',
        headers: { 'content-type': 'text/x-opml' },
        body: opml(base, from, Math.min(FEEDS, from + PER_IMPORT)),
      });
      if (!response.ok) throw new Error(`OPML import answered ${response.status}: ${await response.text()}`);
    }
    const started = performance.now();
    // The first wave: every feed fetched once.
    await waitUntil(() => polled.size >= FEEDS, 900_000, 'the first wave', 500);
    const firstWave = (performance.now() - started) / 1000;
    const before = { cpu: process.cpuUsage(), at: performance.now(), requests };
    await new Promise((resolve) => setTimeout(resolve, IDLE_WINDOW_MS));
    const used = process.cpuUsage(before.cpu);
    const elapsedMs = performance.now() - before.at;
    // RSS after a collection (bench/run has --expose-gc): what the process holds, not garbage not yet collected.
    (globalThis as { gc?: () => void }).gc?.();
    return {
      'idle.feeds': FEEDS,
      'idle.firstWaveFeedsPerSecond': Math.round(FEEDS / firstWave),
      'idle.cpuPercentOfOneCore': Math.round(((used.user + used.system) / 1000 / elapsedMs) * 1000) / 10,
      'idle.pollsPerSecond': Math.round(((requests - before.requests) * 1000) / elapsedMs),
      'idle.rssMB': Math.round(process.memoryUsage().rss / 1024 / 1024),
    };
  } finally {
    await service.close();
    feedServer.closeAllConnections();
    feedServer.close();
    await clearQueuePrefix(config.redisUrl, prefix);
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await benchIdle());
}

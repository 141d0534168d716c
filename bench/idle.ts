/**
 * Idle polling at scale: 20,000 feeds registered by OPML into `feedloom
 * start` (SQLite), run as its own process the way `npm start` and the Docker
 * image run it, every feed answering 304 once fetched. The feed server stays
 * in the bench process, so the CPU and memory reported are the service's
 * alone, read from /proc: RSS sampled every half second through the OPML
 * import, the first wave and a window of steady polling every feed each
 * minute (the shortest interval: up to ~333 polls/s, mostly 304), plus the
 * process's high-water mark. Needs Redis and a built dist/.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clearQueuePrefix, freePort, listen, processUsage, spawnFeedloom, stop, waitUntil } from './harness.js';

const FEEDS = 20_000;
/** The OPML import takes at most this many outlines per document. */
const PER_IMPORT = 10_000;
/** Long enough to hold a few major GC cycles: the heap, and so the RSS, saw-tooths over tens of seconds. */
const IDLE_WINDOW_MS = 60_000;
const SAMPLE_MS = 500;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const EMPTY_FEED = '<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title><link>https://quiet.example/</link></channel></rss>';

function opml(base: string, from: number, to: number): string {
  const outlines = Array.from({ length: to - from }, (_, i) => `<outline type="rss" text="f${from + i}" xmlUrl="${base}/feed/${from + i}.xml"/>`);
  return `<?xml version="1.0"?><opml version="2.0"><head><title>idle</title></head><body>${outlines.join('')}</body></opml>`;
}

/** The service's RSS sampled by phase of the run. */
class RssSampler {
  private readonly samples = new Map<string, number[]>();
  private phase = 'start';
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly pid: number) {
    this.timer = setInterval(() => this.sample(), SAMPLE_MS);
  }

  enter(phase: string): void {
    this.sample();
    this.phase = phase;
  }

  private sample(): void {
    const list = this.samples.get(this.phase) ?? [];
    list.push(processUsage(this.pid).rssMB);
    this.samples.set(this.phase, list);
  }

  max(phase: string): number {
    return Math.max(...(this.samples.get(phase) ?? [0]));
  }

  mean(phase: string): number {
    const list = this.samples.get(phase) ?? [0];
    return Math.round(list.reduce((sum, mb) => sum + mb, 0) / list.length);
  }

  stop(): void {
    clearInterval(this.timer);
  }
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
  const port = await freePort();
  const api = `http://127.0.0.1:${port}`;
  const prefix = `idle${Date.now().toString(36)}`;
  const service = spawnFeedloom(['start'], {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: join(dir, 'idle.db'),
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    ALLOW_HOSTS: '127.0.0.1',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_MAX: '1000000',
    // The shortest interval allowed, so the window sees steady polling (~FEEDS/60 per second), not only waiting.
    DEFAULT_POLL_SECONDS: '60',
  });
  let sampler: RssSampler | null = null;
  try {
    await waitUntil(
      async () => {
        if (service.exitCode !== null || service.signalCode !== null) throw new Error(`the service exited (${service.exitCode ?? service.signalCode}) before it was ready`);
        return fetch(`${api}/readyz`).then((r) => r.ok, () => false);
      },
      120_000,
      'the service',
    );
    const pid = service.pid!;
    sampler = new RssSampler(pid);
    sampler.enter('import');
    for (let from = 0; from < FEEDS; from += PER_IMPORT) {
      const response = await fetch(`${api}/v1/opml`, {
        method: 'POST',
        headers: { 'content-type': 'text/x-opml' },
        body: opml(base, from, Math.min(FEEDS, from + PER_IMPORT)),
      });
      if (!response.ok) throw new Error(`OPML import answered ${response.status}: ${await response.text()}`);
    }
    sampler.enter('first wave');
    const started = performance.now();
    await waitUntil(() => polled.size >= FEEDS, 900_000, 'the first wave', 500);
    const firstWave = (performance.now() - started) / 1000;
    sampler.enter('idle');
    const before = { cpuSeconds: processUsage(pid).cpuSeconds, at: performance.now(), requests };
    await new Promise((resolve) => setTimeout(resolve, IDLE_WINDOW_MS));
    const after = processUsage(pid);
    sampler.enter('done');
    const elapsedMs = performance.now() - before.at;
    return {
      'idle.feeds': FEEDS,
      'idle.firstWaveFeedsPerSecond': Math.round(FEEDS / firstWave),
      'idle.cpuPercentOfOneCore': Math.round(((after.cpuSeconds - before.cpuSeconds) * 1000 * 1000) / elapsedMs) / 10,
      'idle.pollsPerSecond': Math.round(((requests - before.requests) * 1000) / elapsedMs),
      'idle.rssMB': sampler.mean('idle'),
      'idle.rssMaxMB': sampler.max('idle'),
      'idle.importPeakRssMB': sampler.max('import'),
      'idle.peakRssMB': after.peakRssMB,
    };
  } finally {
    sampler?.stop();
    await stop([service]);
    feedServer.closeAllConnections();
    feedServer.close();
    await clearQueuePrefix(REDIS_URL, prefix);
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await benchIdle());
}

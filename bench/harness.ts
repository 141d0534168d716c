/** What the benchmarks that run the whole service share: local servers, child processes, waiting, scratch databases, and leaving Redis clean. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import pg from 'pg';

/**
 * Every post is its own story: bodies that differ in a sentence only would be
 * one story told by many feeds to the near-duplicate detection, announced once.
 * So each paragraph is a sentence of words drawn from `seed` (a post's guid: the
 * same guid, the same body, on every fetch).
 */
const WORDS = (
  'council budget school library harbour tram district mayor vote road repair flood bridge market festival ' +
  'teacher nurse hospital station river park museum garden winter summer spring autumn factory workers union ' +
  'price rent housing tenant landlord court judge ruling appeal police officer fire crew storm rain wind ' +
  'farmer harvest grain cattle dairy orchard vineyard cyclist driver bus ferry airport runway pilot cargo ' +
  'student exam degree lecture research grant scientist telescope comet planet vaccine clinic doctor patient ' +
  'election candidate campaign poll debate minister treaty border trade export import tariff shipyard crane'
).split(' ');

export function story(seed: string, paragraphs: number, wordsPerParagraph = 24): string {
  // Each word is hashed from the seed and its position on its own: a shared generator state would let two
  // guids walk the same stretch of one sequence, and their posts would share whole runs of words.
  const word = (position: number): string => {
    let hash = 2166136261;
    for (const char of `${seed}#${position}`) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619);
    hash ^= hash >>> 15;
    hash = Math.imul(hash, 2246822507);
    hash ^= hash >>> 13;
    return WORDS[(hash >>> 0) % WORDS.length]!;
  };
  return Array.from({ length: paragraphs }, (_, p) => `<p>${Array.from({ length: wordsPerParagraph }, (_, w) => word(p * wordsPerParagraph + w)).join(' ')}.</p>`).join('');
}

/** Listens on a free port of 127.0.0.1; returns the base URL. */
export async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A webhook receiver's handler: answers 204 and gives each body to `received`. */
export function receiveBodies(received: (body: string) => void) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(204).end();
    });
  };
}

/** An ingest bench's outside world: one feed served on 127.0.0.1, and a webhook receiver (receiveBodies). */
export interface FeedAndReceiver {
  feedUrl: string;
  hookUrl: string;
  close(): void;
}

export async function serveFeedAndReceiver(xml: string, received: (body: string) => void): Promise<FeedAndReceiver> {
  const feedServer = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(xml));
  const hookServer = createServer(receiveBodies(received));
  const feedBase = await listen(feedServer);
  const hookBase = await listen(hookServer);
  return {
    feedUrl: `${feedBase}/feed.xml`,
    hookUrl: `${hookBase}/hook`,
    close: () => {
      feedServer.close();
      hookServer.close();
    },
  };
}

/** POSTs `body` as JSON to the service's API (`apiUrl` is null for a service started without one). */
export function postJson(apiUrl: string | null, path: string, body: unknown): Promise<Response> {
  if (apiUrl === null) throw new Error('the service was started without its API');
  return fetch(`${apiUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

export async function waitUntil(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string, pollMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`benchmark timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** Deletes the queues a benchmark run made under its own QUEUE_PREFIX. */
export async function clearQueuePrefix(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl);
  try {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

/** A port nothing listens on now: a service is told to take it. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  const port = Number(new URL(await listen(probe)).port);
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** `node dist/src/cli.js <args>`: the service as `npm start` and the Docker image run it, in a process of its own. */
export function spawnFeedloom(args: string[], env: Record<string, string>): ChildProcess {
  // BENCH_CPU_PROF=dir writes a V8 CPU profile of each service process there, for a look at where the time goes.
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  return spawn(process.execPath, [...profile, 'dist/src/cli.js', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** SIGTERM to each child still running; resolves when all have exited. */
export async function stop(children: ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }),
  );
}

export interface ProcessUsage {
  /** utime + stime so far. */
  cpuSeconds: number;
  /** Resident now (VmRSS). */
  rssMB: number;
  /** The most it was ever resident (VmHWM). */
  peakRssMB: number;
}

/** What Linux accounts to a process, read from /proc. */
export function processUsage(pid: number): ProcessUsage {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ticks = Number(stat[11]) + Number(stat[12]);
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kB = (field: string): number => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return { cpuSeconds: ticks / 100, rssMB: Math.round(kB('VmRSS') / 1024), peakRssMB: Math.round(kB('VmHWM') / 1024) };
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A new PostgreSQL database on `adminUrl`'s server, for one run; `drop()` removes it, ending any
 * connection left open. test/helpers/databases.ts does the same for tests, but a bench cannot
 * import from test/: the production build and the Docker image compile bench/ without it.
 * `name` must be [a-z0-9_] only: a statement cannot take it as a parameter.
 */
export async function createScratchDatabase(adminUrl: string, name: string): Promise<{ url: string; drop(): Promise<void> }> {
  await withClient(adminUrl, (client) => client.query(`create database ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => withClient(adminUrl, async (client) => void (await client.query(`drop database if exists ${name} with (force)`))),
  };
}

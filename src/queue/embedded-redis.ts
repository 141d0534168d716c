/**
 * The queue's embedded default, like SQLite for the store: when REDIS_URL is
 * not set and nothing answers on the default address, `feedloom start` runs a
 * private `redis-server` child (append-only persistence under ./data/redis,
 * a free port on 127.0.0.1) and stops it with the service. Production sets
 * REDIS_URL and never gets here.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { connect, createServer, type AddressInfo } from 'node:net';
import { delimiter, join, resolve } from 'node:path';
import type { Config } from '../../config/index.js';
import { FeedloomError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
const PROBE_TIMEOUT_MS = 500;
const START_TIMEOUT_MS = 15_000;

/** True when something accepts TCP connections at the URL's host and port. */
function answers(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((done) => {
    const socket = connect({ host: hostname, port: Number(port || 6379) });
    const finish = (ok: boolean) => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(PROBE_TIMEOUT_MS, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

function findBinary(name: string, path = process.env.PATH ?? ''): string | null {
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this folder.
    }
  }
  return null;
}

/** A port nothing listens on now (the OS picks it), on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((closed) => server.close(() => closed()));
  return port;
}

async function waitUntilAnswering(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new FeedloomError('EMBEDDED_REDIS_FAILED', `redis-server exited with code ${child.exitCode} at start`);
    if (await answers(url)) return;
    await new Promise((next) => setTimeout(next, 100));
  }
  throw new FeedloomError('EMBEDDED_REDIS_FAILED', `redis-server did not accept connections within ${START_TIMEOUT_MS / 1000} s`);
}

/** Starts the private redis-server; its data lives in `dataDir`. */
export async function startEmbeddedRedis(dataDir: string, log: Logger, binary: string): Promise<{ url: string; stop(): void }> {
  mkdirSync(dataDir, { recursive: true });
  const port = await freePort();
  const child = spawn(
    binary,
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', resolve(dataDir), '--appendonly', 'yes', '--save', '', '--daemonize', 'no', '--protected-mode', 'yes'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stopping = false;
  child.stderr?.on('data', (chunk: Buffer) => log.warn({ redis: 'embedded' }, chunk.toString('utf8').trim()));
  child.once('exit', (code, signal) => {
    if (!stopping) log.error({ code, signal }, 'the embedded redis-server stopped; the service waits for Redis until it is back');
  });
  const url = `redis://127.0.0.1:${port}`;
  const stop = () => {
    stopping = true;
    // SIGTERM: redis-server flushes its append-only file and exits.
    if (child.exitCode === null) child.kill('SIGTERM');
  };
  // However the process ends (SIGTERM path, an error), the child goes with it.
  process.once('exit', stop);
  try {
    await waitUntilAnswering(url, child);
  } catch (err) {
    stop();
    throw err;
  }
  log.info({ url, dataDir: resolve(dataDir) }, 'started an embedded redis-server (set REDIS_URL to use your own)');
  return { url, stop };
}

/**
 * Runs `start` with a Redis: REDIS_URL when set, the default address when it
 * answers, else an embedded one. Without redis-server installed, one line says
 * what to do and the service waits for Redis on the default address.
 */
export async function startWithEmbeddedRedis<T>(config: Config, log: Logger, start: (config: Config) => Promise<T>): Promise<T> {
  if (config.embeddedRedis === 'never' || (config.embeddedRedis === 'auto' && (config.redisUrlSet || (await answers(config.redisUrl))))) {
    return start(config);
  }
  const binary = findBinary('redis-server');
  if (binary === null) {
    log.error(
      `Redis is not answering at ${config.redisUrl} and redis-server is not installed: install it (apt install redis-server, brew install redis) or set REDIS_URL to a running Redis`,
    );
    return start(config);
  }
  const redis = await startEmbeddedRedis(config.redisDataDir, log, binary);
  return start({ ...config, redisUrl: redis.url });
}

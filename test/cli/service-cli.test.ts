/**
 * The `feedloom` executable as people run it, spawned for real (through tsx):
 * --port/--host, a port in use, unknown flags, SIGTERM, Redis unreachable at
 * start then back, the embedded redis-server, and the feeds/opml commands
 * against a running service.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseOpml } from '../../src/opml/parse.js';
import { freePort } from '../../src/queue/embedded-redis.js';
import { rss, startFeedServer, waitFor, type FeedServer } from '../helpers/http-servers.js';
import { flushPrefix } from '../helpers/service.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'src/cli.ts');
// Absolute, so the CLI can run with any working directory.
const TSX = import.meta.resolve('tsx');

interface Run {
  child: ChildProcess;
  stdout: string;
  stderr: string;
  exited: Promise<number | null>;
}

function run(args: string[], env: Record<string, string>, cwd = ROOT): Run {
  const child = spawn(process.execPath, ['--import', TSX, CLI, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const result = { child, stdout: '', stderr: '' } as Run;
  child.stdout?.on('data', (chunk: Buffer) => (result.stdout += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (result.stderr += chunk.toString('utf8')));
  result.exited = new Promise((done) => child.once('exit', (code) => done(code)));
  return result;
}

async function finished(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const r = run(args, env);
  const code = await r.exited;
  return { code, stdout: r.stdout, stderr: r.stderr };
}


/** True when something accepts a TCP connection on the port. */
function portOpen(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

const healthy = async (base: string) => (await fetch(`${base}/healthz`).catch(() => null))?.status === 200;

let dir: string;
let feeds: FeedServer;
const prefixes: string[] = [];
const children: ChildProcess[] = [];

function serviceEnv(extra: Record<string, string> = {}): Record<string, string> {
  const prefix = `cli${Math.random().toString(16).slice(2, 10)}`;
  prefixes.push(prefix);
  return {
    DATABASE_URL: join(mkdtempSync(join(dir, 'db-')), 'feedloom.db'),
    REDIS_URL: 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: prefix,
    ALLOW_HOSTS: '127.0.0.1',
    API_TOKEN: 'cli-token',
    SHUTDOWN_GRACE_MS: '5000',
    ...extra,
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'feedloom-cli-'));
  feeds = await startFeedServer();
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await feeds.close();
  for (const prefix of prefixes) await flushPrefix(prefix);
});

describe('feedloom start and the people commands', () => {
  let service: Run;
  let base: string;
  let env: Record<string, string>;
  const remote = (args: string[]) => finished(args, { FEEDLOOM_URL: base, API_TOKEN: 'cli-token' });

  beforeAll(async () => {
    const port = await freePort();
    env = serviceEnv();
    // PORT says one thing, --port another: the flag wins.
    service = run(['start', '--port', String(port), '--host', '127.0.0.1'], { ...env, PORT: '1' });
    children.push(service.child);
    base = `http://127.0.0.1:${port}`;
    await waitFor(() => healthy(base), 60_000, `the API on --port ${port}`);
  });

  it('exits non-zero with one clear line when the port is in use', async () => {
    const taken = new URL(base).port;
    const second = await finished(['start', '--port', taken], serviceEnv());
    expect(second.code).toBe(1);
    // One line of ours (Node may print its own deprecation warnings beside it).
    const lines = second.stderr.trim().split('\n').filter((line) => line.startsWith('feedloom:'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^feedloom: PORT_IN_USE: cannot listen on 127\.0\.0\.1:\d+: the address is already in use/);
  });

  it('refuses unknown flags and commands with the usage, exit 2', async () => {
    for (const args of [['start', '--prot', '3000'], ['feeds', 'list', '--colour'], ['nonsense']]) {
      const result = await finished(args, serviceEnv());
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      expect(result.stderr).toMatch(/Usage/);
    }
    const port = await finished(['start', '--port', 'eighty'], serviceEnv());
    expect([port.code, port.stderr.split('\n')[0]]).toEqual([2, 'feedloom: --port must be a whole number from 0 to 65535, got "eighty"']);
  });

  it('adds, lists, shows, fetches and removes feeds', async () => {
    feeds.set('/cli.xml', rss([{ guid: 'c1', title: 'CLI story', body: '<p>A story read through the command line tool.</p>', date: '2026-11-01T08:00:00Z' }], 'CLI Feed'));
    const added = await remote(['feeds', 'add', `${feeds.base}/cli.xml`, '--tag', 'cli', '--title', 'Mine']);
    expect(added.code).toBe(0);
    const id = /^added (\S+)/.exec(added.stdout)?.[1] ?? '';
    expect(id).not.toBe('');

    const again = await remote(['feeds', 'add', `${feeds.base}/cli.xml`]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^feedloom: FEED_EXISTS: /);

    const listed = await remote(['feeds', 'list', '--tag', 'cli']);
    expect(listed.stdout).toContain(id);
    expect(listed.stdout).toContain('Mine');

    const fetched = await remote(['feeds', 'fetch', id]);
    expect(fetched.stdout).toMatch(/^queued /);
    const articleCount = async () =>
      ((await (await fetch(`${base}/v1/feeds/${id}`, { headers: { authorization: 'Bearer cli-token' } })).json()) as { articleCount: number }).articleCount;
    await waitFor(async () => (await articleCount()) === 1, 30_000, 'the article');
    const shown = await remote(['feeds', 'show', id]);
    expect(shown.stdout).toMatch(/articles:\s+1/);
    expect(shown.stdout).toMatch(/^id:\s+\S+/m);
    expect(shown.stdout).toMatch(/tags:\s+cli/);

    const removed = await remote(['feeds', 'rm', id, '--purge']);
    expect(removed.stdout).toContain(`removed ${id}`);
    const gone = await remote(['feeds', 'show', id]);
    expect([gone.code, gone.stderr]).toEqual([1, expect.stringMatching(/^feedloom: FEED_NOT_FOUND: /)]);
  });

  it('imports an OPML file with nested folders and exports it nested', async () => {
    const file = join(dir, 'subs.opml');
    const outlines = Array.from({ length: 30 }, (_, i) => `<outline type="rss" text="F${i}" xmlUrl="https://opml-cli-${i}.example/feed"/>`);
    writeFileSync(
      file,
      `<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body><outline text="tech"><outline text="ai">${outlines.slice(0, 20).join('')}</outline></outline>${outlines.slice(20).join('')}</body></opml>`,
    );
    const imported = await remote(['opml', 'import', file]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('30 created, 0 already registered, 0 invalid');

    const out = join(dir, 'out.opml');
    expect((await remote(['opml', 'export', out, '--tag', 'tech'])).code).toBe(0);
    const exported = parseOpml(readFileSync(out, 'utf8'));
    expect(exported.outlines).toHaveLength(20);
    expect(new Set(exported.outlines.map((o) => o.tags.join()))).toEqual(new Set(['tech/ai']));

    writeFileSync(join(dir, 'bad.opml'), '<!DOCTYPE opml><opml><body><outline xmlUrl="https://bad.example/"/></body></opml>');
    const bad = await remote(['opml', 'import', join(dir, 'bad.opml')]);
    expect([bad.code, bad.stderr]).toEqual([1, expect.stringMatching(/^feedloom: INVALID_OPML: .*DOCTYPE/)]);
  });

  it('says where the API is not, in one line', async () => {
    const result = await finished(['feeds', 'list'], { FEEDLOOM_URL: `http://127.0.0.1:${await freePort()}` });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^feedloom: API_UNREACHABLE: cannot reach the feedloom API at http:\/\/127\.0\.0\.1:\d+ .*\n$/);
  });

  it('stops on SIGTERM, closing everything', async () => {
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
    expect(service.stdout).toContain('"msg":"stopped"');
  });
});

describe('Redis at start', () => {
  it('says once that Redis is unreachable, retries, and starts when it comes', async () => {
    const redisPort = await freePort();
    const apiPort = await freePort();
    const service = run(['start', '--port', String(apiPort)], serviceEnv({ REDIS_URL: `redis://127.0.0.1:${redisPort}` }));
    children.push(service.child);
    await waitFor(() => service.stdout.includes('is unreachable'), 60_000, 'the unreachable line');
    // Let it retry a few times before Redis arrives.
    await waitFor(async () => healthy(`http://127.0.0.1:${apiPort}`), 30_000, 'the API while Redis is down');
    const redis = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    children.push(redis);
    try {
      await waitFor(() => service.stdout.includes('"msg":"feedloom started"'), 60_000, 'the service started once Redis answered');
      expect(service.stdout.split('\n').filter((line) => line.includes('is unreachable'))).toHaveLength(1);
      expect(service.stdout).toContain('Redis is reachable again');
      service.child.kill('SIGTERM');
      expect(await service.exited).toBe(0);
    } finally {
      redis.kill('SIGKILL');
    }
  });

  it('runs an embedded redis-server with append-only persistence and stops it with the service', async () => {
    const dataDir = join(mkdtempSync(join(dir, 'redis-')), 'data', 'redis');
    const apiPort = await freePort();
    const env = serviceEnv({ EMBEDDED_REDIS: 'always', REDIS_DATA_DIR: dataDir });
    delete (env as Record<string, string | undefined>).REDIS_URL;
    const service = run(['start', '--port', String(apiPort)], env);
    children.push(service.child);
    await waitFor(() => service.stdout.includes('"msg":"feedloom started"'), 60_000, 'the service on its embedded Redis');
    const url = /"url":"(redis:\/\/127\.0\.0\.1:\d+)"[^\n]*embedded redis-server/.exec(service.stdout)?.[1] ?? '';
    expect(url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`http://127.0.0.1:${apiPort}/readyz`)).status).toBe(200);
    expect(existsSync(dataDir)).toBe(true);
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
    const port = Number(new URL(url).port);
    await waitFor(async () => !(await portOpen(port)), 15_000, 'the embedded redis-server to stop');
  });

  it('without redis-server installed, says in one line how to get one', async () => {
    const env = serviceEnv({ EMBEDDED_REDIS: 'always', PATH: '/nonexistent', REDIS_URL: '' });
    const service = run(['start', '--port', String(await freePort())], env);
    children.push(service.child);
    await waitFor(() => service.stdout.includes('"msg":"feedloom started"'), 60_000, 'the service on the default address');
    expect(service.stdout.split('\n').filter((line) => line.includes('redis-server is not installed'))).toHaveLength(1);
    expect(service.stdout).toMatch(/install it \(apt install redis-server, brew install redis\) or set REDIS_URL/);
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
  });
});


/**
 * `feedloom preview` as a user runs it: the real CLI (through tsx), feeds on
 * disk and on a local HTTP server.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFeedServer, type FeedServer } from '../helpers/http-servers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function cli(args: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli.ts', ...args],
      { cwd: ROOT, env: { ...process.env, ALLOW_HOSTS: '127.0.0.1', LOG_LEVEL: 'warn' }, timeout: 60_000 },
      (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: unknown }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(stdin);
  });
}

const rss = (title: string, items: string, channel = '') =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>${title}</title>${channel}${items}</channel></rss>`;

let dir: string;
let server: FeedServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'feedloom-preview-cli-'));
  server = await startFeedServer();
});
afterAll(() => server.close());

describe('feedloom preview --batch', () => {
  it('previews every input named on stdin, one JSON line each, in order, errors included', async () => {
    const a = join(dir, 'a.xml');
    const b = join(dir, 'b.xml');
    writeFileSync(a, rss('Feed A', '<item><title>First</title><guid>a-1</guid></item>'));
    writeFileSync(b, rss('Feed B', '<item><title>Second</title><guid>b-1</guid></item><item><title>Third</title><guid>b-2</guid></item>'));
    server.set('/c.xml', rss('Feed C', '<item><title>Served</title><guid>c-1</guid></item>'));
    const { code, stdout } = await cli(['preview', '--batch'], `${a}\n${join(dir, 'missing.xml')}\n\n${server.base}/c.xml\n${b}\n`);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((l) => (l.feed as { title: string } | undefined)?.title ?? (l.error as { code: string }).code)).toEqual([
      'Feed A',
      'INVALID_ARGUMENT',
      'Feed C',
      'Feed B',
    ]);
    expect((lines[3]?.items as { title: string }[]).map((i) => i.title)).toEqual(['Second', 'Third']);
  });

  it('refuses positional inputs next to --batch', async () => {
    const { code, stderr } = await cli(['preview', '--batch', join(dir, 'a.xml')]);
    expect(code).toBe(1);
    expect(stderr).toContain('INVALID_ARGUMENT');
  });
});

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

describe('feedloom preview <file>: the base of relative links', () => {
  const relative = (head: string) =>
    rss('Relative', '<item><title>R</title><link>/posts/1</link><description>&lt;img src="img/a.png"&gt; text</description></item>', head);

  it("resolves against the feed's rel=\"self\", else its <link>, else leaves them unresolved", async () => {
    const withSelf = join(dir, 'self.xml');
    writeFileSync(
      withSelf,
      relative('<atom:link xmlns:atom="http://www.w3.org/2005/Atom" rel="self" href="https://feeds.example/blog/feed.xml"/><link>https://www.example/</link>'),
    );
    const withLink = join(dir, 'link.xml');
    writeFileSync(withLink, relative('<link>https://www.example/blog/</link>'));
    const bare = join(dir, 'bare.xml');
    writeFileSync(bare, relative(''));
    const { stdout } = await cli(['preview', '--batch'], `${withSelf}\n${withLink}\n${bare}\n`);
    const [self, link, none] = stdout.trim().split('\n').map((line) => JSON.parse(line) as { items: { url: string | null; contentHtml: string }[] });
    expect(self?.items[0]?.url).toBe('https://feeds.example/posts/1');
    expect(self?.items[0]?.contentHtml).toContain('src="https://feeds.example/blog/img/a.png"');
    expect(link?.items[0]?.url).toBe('https://www.example/posts/1');
    expect(none?.items[0]?.url).toBeNull();
  });

  it('uses --base-url over what the feed says, and refuses one that is not an http(s) URL', async () => {
    const file = join(dir, 'based.xml');
    writeFileSync(file, relative('<link>https://www.example/</link>'));
    const { code, stdout } = await cli(['preview', file, '--json', '--base-url', 'https://mirror.example/a/']);
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as { items: { url: string }[] }).items[0]?.url).toBe('https://mirror.example/posts/1');
    const refused = await cli(['preview', file, '--base-url', 'ftp://x']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--base-url');
  });
});

describe('feedloom preview --rules', () => {
  const story =
    '<div class="byline-box">Photo desk notes for the editors only</div><p>The ferry to the outer islands now sails twice a day ' +
    'through the winter, the harbour office said on Monday.</p><p>REF-2041</p>';
  const feed = () => rss('Rules', `<item><title>Ferry</title><guid>r-1</guid><description>${story.replace(/</g, '&lt;')}</description></item>`);

  it('tries a feed\'s rules on a file, from inline JSON or a file, and --explain names them', async () => {
    const file = join(dir, 'rules-feed.xml');
    writeFileSync(file, feed());
    const rules = { remove: ['.byline-box'], replace: [{ pattern: String.raw`<p>REF-\d+</p>`, replacement: '' }] };
    const inline = await cli(['preview', file, '--json', '--explain', '--rules', JSON.stringify(rules)]);
    expect(inline.code).toBe(0);
    const item = (JSON.parse(inline.stdout) as { items: { contentText: string; provenance: { rules: { rule: string; removed: number }[] } }[] }).items[0];
    expect(item?.contentText).toBe('The ferry to the outer islands now sails twice a day through the winter, the harbour office said on Monday.');
    expect(item?.provenance.rules.slice(0, 2)).toEqual([
      { rule: 'feed-rule:replace', removed: 1, samples: ['<p>REF-2041</p>'] },
      { rule: 'feed-rule:remove', removed: 1, samples: ['Photo desk notes for the editors only'] },
    ]);
    const rulesFile = join(dir, 'rules.json');
    writeFileSync(rulesFile, JSON.stringify(rules));
    const human = await cli(['preview', file, '--explain', '--rules', rulesFile]);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('- feed-rule:remove removed 1: "Photo desk notes for the editors only"');
    // Two CLI starts through tsx: slow on a busy machine, not a measure of anything.
  }, 240_000);

  it('refuses a rule that does not compile or a malformed rules object, naming it', async () => {
    const file = join(dir, 'rules-feed.xml');
    writeFileSync(file, feed());
    const selector = await cli(['preview', file, '--rules', '{"remove": ["p:nope"]}']);
    expect(selector.code).toBe(1);
    expect(selector.stderr).toContain('INVALID_RULE');
    expect(selector.stderr).toContain('rules.remove[0] "p:nope" is not a CSS selector');
    const shape = await cli(['preview', file, '--rules', '{"remove": "p"}']);
    expect(shape.code).toBe(1);
    expect(shape.stderr).toContain('--rules.remove');
  }, 240_000);
});

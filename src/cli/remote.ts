/**
 * The commands people run against a running service: `feedloom feeds …` and
 * `feedloom opml …`. Each is a thin layer over the HTTP API (the same
 * contract black-box clients use), so the CLI needs no access to the store.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { FeedloomError, errorMessage } from '../core/errors.js';
import { parseOpml } from '../opml/parse.js';
import { renderOpml } from '../opml/render.js';
import type { Feed } from '../store/types.js';
import { intFlag, parseCommand, UsageError } from './args.js';
import { ApiClient } from './client.js';
import { ProgressBar } from './progress.js';

export const REMOTE_USAGE = `Usage against a running service (--url URL [FEEDLOOM_URL, else http://127.0.0.1:PORT], --token T [API_TOKEN]):
  feedloom feeds add <url> [--title T] [--tag T]... [--poll SECONDS] [--full-text auto|always|never]
  feedloom feeds list [--tag T] [--status active|paused|failing|gone] [--json]
  feedloom feeds show <id> [--json]
  feedloom feeds rm <id> [--purge]
  feedloom feeds fetch <id>
  feedloom opml import <file>          register every feed of an OPML file (progress bar on a terminal)
  feedloom opml export [file] [--tag T]  write the subscriptions as OPML (stdout without a file)`;

const CONNECTION_OPTIONS = { url: { type: 'string' }, token: { type: 'string' } } as const;
/** Outlines per request of an import: a progress step, and a request that never runs long. */
const IMPORT_BATCH = 25;

export interface RemoteContext {
  env: Record<string, string | undefined>;
  /** PORT of the configuration: where a local service listens by default. */
  port: number;
  out: (text: string) => void;
}

function clientFor(values: { url?: string; token?: string }, ctx: RemoteContext): ApiClient {
  const url = values.url ?? ctx.env.FEEDLOOM_URL ?? `http://127.0.0.1:${ctx.port}`;
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    throw new UsageError(`--url must be an http(s) URL, got "${url}"`, REMOTE_USAGE);
  }
  return new ApiClient({ url, token: values.token ?? ctx.env.API_TOKEN ?? null });
}

function oneId(positionals: string[], what: string): string {
  if (positionals.length !== 1) throw new UsageError(`${what} takes exactly one feed id`, REMOTE_USAGE);
  return positionals[0] as string;
}

function feedLine(feed: Feed): string {
  return [feed.id, feed.status.padEnd(7), String(feed.articleCount).padStart(6), feed.title ?? '(untitled)', feed.url].join('  ');
}

function feedDetails(feed: Feed): string {
  const rows: [string, unknown][] = [
    ['id', feed.id],
    ['url', feed.url],
    ['title', feed.title],
    ['site', feed.siteUrl],
    ['kind', feed.kind],
    ['status', feed.status],
    ['tags', feed.tags.join(', ')],
    ['poll', `${feed.pollIntervalSeconds} s`],
    ['articles', feed.articleCount],
    ['last fetched', feed.lastFetchedAt],
    ['last status', feed.lastStatus],
    ['last error', feed.lastError],
    ['next fetch', feed.nextFetchAt],
  ];
  return rows.map(([name, value]) => `${`${name}:`.padEnd(14)}${value === null || value === '' ? '-' : String(value)}`).join('\n');
}

async function feeds(args: string[], ctx: RemoteContext): Promise<void> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'add': {
      const { values, positionals } = parseCommand(
        rest,
        { ...CONNECTION_OPTIONS, title: { type: 'string' }, tag: { type: 'string', multiple: true }, poll: { type: 'string' }, 'full-text': { type: 'string' } },
        REMOTE_USAGE,
        true,
      );
      if (positionals.length !== 1) throw new UsageError('feeds add takes exactly one URL', REMOTE_USAGE);
      const fullText = values['full-text'];
      if (fullText !== undefined && !['auto', 'always', 'never'].includes(fullText)) {
        throw new UsageError(`--full-text must be auto, always or never, got "${fullText}"`, REMOTE_USAGE);
      }
      const body = {
        url: positionals[0],
        ...(values.title !== undefined ? { title: values.title } : {}),
        ...(values.tag !== undefined ? { tags: values.tag } : {}),
        ...(values.poll !== undefined ? { pollIntervalSeconds: intFlag('poll', values.poll, 1, 10_000_000, REMOTE_USAGE) } : {}),
        ...(fullText !== undefined ? { fullText } : {}),
      };
      const { data } = await clientFor(values, ctx).request<Feed>('POST', '/v1/feeds', { json: body });
      ctx.out(`added ${data.id}  ${data.url}${data.title ? `  (${data.title})` : ''}`);
      return;
    }
    case 'list': {
      const { values } = parseCommand(rest, { ...CONNECTION_OPTIONS, tag: { type: 'string' }, status: { type: 'string' }, json: { type: 'boolean' } }, REMOTE_USAGE);
      const client = clientFor(values, ctx);
      const all: Feed[] = [];
      let cursor: string | null = null;
      do {
        const query = new URLSearchParams({ limit: '200' });
        if (values.tag) query.set('tag', values.tag);
        if (values.status) query.set('status', values.status);
        if (cursor) query.set('cursor', cursor);
        const { data } = await client.request<{ items: Feed[]; nextCursor: string | null }>('GET', `/v1/feeds?${query}`);
        all.push(...data.items);
        cursor = data.nextCursor;
      } while (cursor !== null);
      if (values.json) ctx.out(JSON.stringify(all));
      else ctx.out(all.length === 0 ? 'no feeds' : all.map(feedLine).join('\n'));
      return;
    }
    case 'show': {
      const { values, positionals } = parseCommand(rest, { ...CONNECTION_OPTIONS, json: { type: 'boolean' } }, REMOTE_USAGE, true);
      const id = oneId(positionals, 'feeds show');
      const { data } = await clientFor(values, ctx).request<Feed>('GET', `/v1/feeds/${encodeURIComponent(id)}`);
      ctx.out(values.json ? JSON.stringify(data) : feedDetails(data));
      return;
    }
    case 'rm': {
      const { values, positionals } = parseCommand(rest, { ...CONNECTION_OPTIONS, purge: { type: 'boolean' } }, REMOTE_USAGE, true);
      const id = oneId(positionals, 'feeds rm');
      await clientFor(values, ctx).request('DELETE', `/v1/feeds/${encodeURIComponent(id)}${values.purge ? '?purge=true' : ''}`);
      ctx.out(`removed ${id}${values.purge ? ' and its articles' : ''}`);
      return;
    }
    case 'fetch': {
      const { values, positionals } = parseCommand(rest, CONNECTION_OPTIONS, REMOTE_USAGE, true);
      const id = oneId(positionals, 'feeds fetch');
      const { data } = await clientFor(values, ctx).request<{ jobId: string }>('POST', `/v1/feeds/${encodeURIComponent(id)}/fetch`, { json: {} });
      ctx.out(`queued ${data.jobId}`);
      return;
    }
    default:
      throw new UsageError(sub ? `unknown feeds command "${sub}"` : 'feeds needs a command', REMOTE_USAGE);
  }
}

/**
 * The file is read and checked here first (the same strict reader as the
 * server), so a malformed file is refused whole before anything is sent;
 * then it goes up in batches, each one request, which is what the progress
 * bar counts. Batches keep the folders: renderOpml nests each feed as read.
 */
async function importFile(file: string, client: ApiClient, out: (text: string) => void): Promise<void> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new FeedloomError('INVALID_ARGUMENT', `cannot read ${file}: ${errorMessage(err)}`);
  }
  const parsed = parseOpml(text);
  const totals = { created: 0, existing: 0, invalid: [...parsed.invalid] };
  const bar = new ProgressBar(parsed.outlines.length, 'importing');
  bar.update(0);
  for (let start = 0; start < parsed.outlines.length; start += IMPORT_BATCH) {
    const batch = parsed.outlines.slice(start, start + IMPORT_BATCH);
    const { data } = await client.request<{ created: number; existing: number; invalid: { url: string; message: string }[] }>('POST', '/v1/opml', {
      raw: renderOpml(batch, 'feedloom import'),
      contentType: 'text/x-opml',
    });
    totals.created += data.created;
    totals.existing += data.existing;
    totals.invalid.push(...data.invalid);
    bar.update(start + batch.length);
  }
  bar.finish();
  out(`${totals.created} created, ${totals.existing} already registered, ${totals.invalid.length} invalid`);
  for (const invalid of totals.invalid) out(`  invalid: ${invalid.url || '(no URL)'}: ${invalid.message}`);
}

async function opml(args: string[], ctx: RemoteContext): Promise<void> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'import': {
      const { values, positionals } = parseCommand(rest, CONNECTION_OPTIONS, REMOTE_USAGE, true);
      if (positionals.length !== 1) throw new UsageError('opml import takes exactly one file', REMOTE_USAGE);
      await importFile(positionals[0] as string, clientFor(values, ctx), ctx.out);
      return;
    }
    case 'export': {
      const { values, positionals } = parseCommand(rest, { ...CONNECTION_OPTIONS, tag: { type: 'string' } }, REMOTE_USAGE, true);
      if (positionals.length > 1) throw new UsageError('opml export takes at most one file', REMOTE_USAGE);
      const query = values.tag ? `?tag=${encodeURIComponent(values.tag)}` : '';
      const { text } = await clientFor(values, ctx).request('GET', `/v1/opml${query}`);
      const file = positionals[0];
      if (file === undefined) {
        process.stdout.write(text);
        return;
      }
      await writeFile(file, text);
      ctx.out(`wrote ${file}`);
      return;
    }
    default:
      throw new UsageError(sub ? `unknown opml command "${sub}"` : 'opml needs a command (import or export)', REMOTE_USAGE);
  }
}

export async function runRemote(command: 'feeds' | 'opml', args: string[], ctx: RemoteContext): Promise<void> {
  if (command === 'feeds') await feeds(args, ctx);
  else await opml(args, ctx);
}

#!/usr/bin/env node
/**
 * The `feedloom` executable: a thin adapter that reads arguments and
 * configuration and hands over to the service or the preview pipeline.
 */
import { once } from 'node:events';
import { readFile, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Value } from 'typebox/value';
import { ConfigError, loadConfig, VERSION, type Config } from '../config/index.js';
import { FeedloomError, errorMessage } from './core/errors.js';
import { createLogger, type Logger } from './core/logger.js';
import type { ArticleProvenance, FeedRules, FullTextMode, PreviewResult } from './core/model.js';
import { FeedRulesIn } from './api/schemas/feed.js';
import { validationMessage } from './api/validation-message.js';
import { feedRulesFrom } from './normalize/feed-rules/index.js';
import { previewFile, previewUrl } from './pipeline/preview.js';
import { WORK_QUEUES, type WorkQueueName } from './queue/names.js';
import { intFlag, parseCommand, UsageError } from './cli/args.js';
import { REMOTE_USAGE, runRemote } from './cli/remote.js';

const USAGE = `feedloom ${VERSION}

Usage:
  feedloom start [--port N] [--host H]  API, all workers and the scheduler in one process
  feedloom api [--port N] [--host H]    the HTTP API only
  feedloom worker [--queues a,b] [--metrics-port N]
                                      workers only (fetch, article, deliver; default all) and the scheduler;
                                      --metrics-port serves this process's counters at /metrics
  feedloom migrate                    apply database migrations and exit
  feedloom preview <url|file> [--json] [--explain] [--full-text auto|always|never] [--base-url URL]
                   [--rules JSON|FILE]
                                      run the pipeline once and print the clean articles
                                      (--explain: the rules that fired, what they removed,
                                      the extractor and why full text was fetched; a file's
                                      relative links resolve against --base-url, else the
                                      feed's own rel="self" or site link; --rules: a feed's
                                      "rules" object as the API takes it, to try before saving)
  feedloom preview --batch [--full-text auto|always|never] [--rules JSON|FILE]
                                      the same for each URL or file named on stdin (one a line),
                                      printing one JSON line per input

${REMOTE_USAGE}

Configuration comes from environment variables (and ./.env); see README.md.`;

const FULL_TEXT_MODES: readonly FullTextMode[] = ['auto', 'always', 'never'];

/** `--port`/`--host` of start and api, over PORT/HOST. */
function listenFlags(args: string[], config: Config): Config {
  const { values } = parseCommand(args, { port: { type: 'string' }, host: { type: 'string' } }, USAGE);
  const port = intFlag('port', values.port, 0, 65_535, USAGE);
  return { ...config, ...(port !== undefined ? { port } : {}), ...(values.host !== undefined ? { host: values.host } : {}) };
}

function parseQueues(value: string | undefined): WorkQueueName[] {
  if (!value) return [...WORK_QUEUES];
  const names = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const name of names) {
    if (!(WORK_QUEUES as readonly string[]).includes(name)) {
      throw new FeedloomError('INVALID_ARGUMENT', `--queues: unknown queue "${name}" (expected ${WORK_QUEUES.join(', ')})`);
    }
  }
  return names as WorkQueueName[];
}

async function isFile(input: string): Promise<boolean> {
  if (/^https?:\/\//i.test(input)) return false;
  try {
    return (await stat(input)).isFile();
  } catch {
    return false;
  }
}

function explainLines(provenance: ArticleProvenance): string[] {
  const lines = [`  extractor: ${provenance.extractor}${provenance.fullTextReason ? ` (full text: ${provenance.fullTextReason})` : ''}`];
  if (provenance.skipped) lines.push(`  skipped, not published: ${provenance.skipped}`);
  for (const firing of provenance.rules) {
    lines.push(`  - ${firing.rule} removed ${firing.removed}${firing.samples.length ? `: ${firing.samples.map((s) => `"${s}"`).join(', ')}` : ''}`);
  }
  return lines;
}

function printHuman(result: PreviewResult, explain: boolean): void {
  const lines = [`${result.feed.title ?? '(untitled)'} [${result.feed.kind}] ${result.feed.siteUrl ?? ''}`.trim(), ''];
  for (const item of result.items) {
    lines.push(`* ${item.title ?? '(untitled)'}`);
    lines.push(`  ${item.url ?? '(no link)'}  ${item.publishedAt ?? ''}  ${item.authors.join(', ')}`.trimEnd());
    lines.push(`  ${item.wordCount} words: ${item.summary}`);
    if (explain && item.provenance) lines.push(...explainLines(item.provenance));
    lines.push('');
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

interface PreviewOptions {
  json: boolean;
  explain: boolean;
  fullText: FullTextMode | undefined;
  /** For a file: what relative links resolve against (default: the feed's rel="self" or site link). */
  baseUrl: string | null;
  rules: FeedRules | null;
}

/** `--rules`: a feed's `rules` object as the API takes it, inline JSON or a file holding it; checked as the API checks it. */
async function rulesFlag(value: string | undefined): Promise<FeedRules | null> {
  if (value === undefined) return null;
  let text = value;
  if (!value.trimStart().startsWith('{')) {
    try {
      text = await readFile(value, 'utf8');
    } catch (err) {
      throw new FeedloomError('INVALID_ARGUMENT', `--rules: ${value} is neither a JSON object nor a readable file: ${errorMessage(err)}`);
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new FeedloomError('INVALID_RULE', `--rules is not JSON: ${errorMessage(err)}`);
  }
  if (!Value.Check(FeedRulesIn, parsed)) throw new FeedloomError('INVALID_RULE', validationMessage('--rules', Value.Errors(FeedRulesIn, parsed)));
  return feedRulesFrom(parsed, null);
}

/** The preview contract is the published Article: provenance shows only when asked for. */
function presented(result: PreviewResult, explain: boolean): PreviewResult {
  if (explain) return result;
  return { ...result, items: result.items.map(({ provenance: _provenance, ...article }) => article) };
}

/** One preview: a file on disk or an http(s) URL. */
async function previewOne(input: string, options: PreviewOptions, config: Config, log: Logger): Promise<PreviewResult> {
  const file = await isFile(input);
  if (!file && !/^https?:\/\//i.test(input)) {
    throw new FeedloomError('INVALID_ARGUMENT', `"${input}" is neither a readable file nor an http(s) URL`);
  }
  // A file has no web page behind it by default: its links usually point nowhere reachable.
  const fullText = options.fullText ?? (file ? 'never' : 'auto');
  // The HTTP client (undici) loads only when something will be fetched: previewing files stays quick.
  const http = !file || fullText !== 'never' ? (await import('./fetch/from-config.js')).httpClientFor(config) : null;
  try {
    const deps = { http, config, log };
    return file
      ? await previewFile(input, { fullText, baseUrl: options.baseUrl, rules: options.rules }, deps)
      : await previewUrl(input, { fullText, rules: options.rules }, { ...deps, http: http! });
  } finally {
    await http?.close();
  }
}

/**
 * `--batch`: one input per line on stdin, one JSON line per input on stdout
 * (the result, or {"error": {code, message}}), in order. Scoring a corpus of a
 * thousand feeds this way costs one process start instead of a thousand.
 */
async function previewBatch(options: PreviewOptions, config: Config, log: Logger): Promise<void> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    const input = line.trim();
    if (!input) continue;
    let out: string;
    try {
      out = JSON.stringify(presented(await previewOne(input, options, config, log), options.explain));
    } catch (err) {
      const code = err instanceof FeedloomError ? err.code : 'ERROR';
      out = JSON.stringify({ error: { code, message: errorMessage(err) } });
    }
    // Wait for the pipe to drain: the reader answers line by line and may be slower than us.
    if (!process.stdout.write(`${out}\n`)) await once(process.stdout, 'drain');
  }
}

async function preview(args: string[], config: Config, log: Logger): Promise<void> {
  const { values, positionals } = parseCommand(
    args,
    {
      json: { type: 'boolean', default: false },
      batch: { type: 'boolean', default: false },
      explain: { type: 'boolean', default: false },
      'full-text': { type: 'string' },
      'base-url': { type: 'string' },
      rules: { type: 'string' },
    },
    USAGE,
    true,
  );
  const baseUrl = values['base-url'] ?? null;
  if (baseUrl !== null && !/^https?:\/\/[^/]/i.test(baseUrl)) {
    throw new FeedloomError('INVALID_ARGUMENT', `--base-url must be an absolute http(s) URL, not "${baseUrl}"`);
  }
  const mode = values['full-text'];
  if (mode !== undefined && !(FULL_TEXT_MODES as readonly string[]).includes(mode)) {
    throw new FeedloomError('INVALID_ARGUMENT', `--full-text must be one of ${FULL_TEXT_MODES.join(', ')}`);
  }
  const rules = await rulesFlag(values.rules);
  const options: PreviewOptions = { json: values.json, explain: values.explain, fullText: mode as FullTextMode | undefined, baseUrl, rules };
  if (values.batch) {
    if (positionals.length > 0) throw new FeedloomError('INVALID_ARGUMENT', 'preview --batch reads its inputs from stdin, one per line');
    await previewBatch(options, config, log);
    return;
  }
  const input = positionals[0];
  if (!input || positionals.length > 1) throw new FeedloomError('INVALID_ARGUMENT', 'preview takes exactly one feed URL or file path');
  const result = await previewOne(input, options, config, log);
  if (options.json) process.stdout.write(`${JSON.stringify(presented(result, options.explain))}\n`);
  else printHuman(result, options.explain);
}

const LONG_RUNNING = new Set(['start', 'api', 'worker']);

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command ? 0 : 1;
  }
  if (command === '--version') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const config = loadConfig();
  if (command === 'feeds' || command === 'opml') {
    await runRemote(command, rest, { env: process.env, port: config.port, out: (text) => process.stdout.write(`${text}\n`) });
    return 0;
  }
  // The service (store, queues, API) loads only for the commands that run it: preview stays quick to start.
  const service = () => import('./service.js');
  // Preview keeps stdout for the result: its logs go to stderr.
  const log = createLogger(command === 'preview' ? (process.env.LOG_LEVEL ?? 'warn') : config.logLevel, command === 'preview' ? 2 : 1);
  switch (command) {
    case 'preview':
      await preview(rest, config, log);
      return 0;
    case 'migrate':
      parseCommand(rest, {}, USAGE);
      await (await service()).runMigrations(config, log);
      return 0;
    case 'start': {
      const started = listenFlags(rest, config);
      const { startWithEmbeddedRedis } = await import('./queue/embedded-redis.js');
      await startWithEmbeddedRedis(started, log, (withRedis) =>
        service().then((s) => s.startService(withRedis, log, { api: true, queues: [...WORK_QUEUES], scheduler: true })),
      );
      return -1;
    }
    case 'api':
      await (await service()).startService(listenFlags(rest, config), log, { api: true, queues: [], scheduler: false });
      return -1;
    case 'worker': {
      const { values } = parseCommand(rest, { queues: { type: 'string' }, 'metrics-port': { type: 'string' } }, USAGE);
      const metricsPort = intFlag('metrics-port', values['metrics-port'], 0, 65_535, USAGE);
      await (await service()).startService(config, log, {
        api: false,
        queues: parseQueues(values.queues),
        scheduler: true,
        ...(metricsPort !== undefined ? { metricsPort } : {}),
      });
      return -1;
    }
    default:
      throw new UsageError(`unknown command "${command}"`, USAGE);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    // Long-running commands (-1) stay alive until a signal; the others exit with their code.
    if (code >= 0) process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError) {
      process.stderr.write(`feedloom: ${err.message}\n\n${err.usage}\n`);
      process.exitCode = 2;
      return;
    }
    const code = err instanceof FeedloomError ? err.code : err instanceof ConfigError ? 'INVALID_CONFIG' : 'ERROR';
    process.stderr.write(`feedloom: ${code}: ${errorMessage(err)}\n`);
    process.exitCode = err instanceof ConfigError ? 78 : 1;
    // A service that failed to start may still hold connections open (Redis reconnecting, a pool): end it now.
    if (LONG_RUNNING.has(process.argv[2] ?? '')) process.exit(process.exitCode);
  },
);

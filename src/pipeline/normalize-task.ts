/**
 * What crosses between the main thread and a normalize thread, and how each
 * side reads it: plain structured-clone data only. Two kinds of task: `clean`
 * (cleanItem, an item's body) and `parse` (parseDocument, a fetched feed's
 * bytes), so one pool of threads takes both CPU-heavy stages off the event
 * loop. Compiled feed rules, the site config directory and the logger hold
 * functions, so they cross as what they are made from (the rules as written,
 * the directory's path, the log level) and the thread rebuilds them; its log
 * lines come back and are written by the caller's logger, with the caller's
 * bindings (feed, job). Errors cross as ThrownError and are rebuilt.
 */
import { pino } from 'pino';
import type { Config } from '../../config/index.js';
import { errorMessage } from '../core/errors.js';
import { thrownOf, type ThrownError } from '../core/thrown-error.js';
import type { FeedItem, FullTextMode } from '../core/model.js';
import type { Logger } from '../core/logger.js';
import type { LearnedBoilerplate } from '../normalize/boilerplate.js';
import { compiledRulesOf, type OwnFeedRules } from '../normalize/feed-rules/index.js';
import { cleanItem, type CleanContext, type CleanStep, type NormalizeContext, type PageStep } from '../normalize/index.js';
import { siteConfigDirectory } from '../normalize/site-config/directory.js';
import { parseDocument, type ParsableDocument, type ParsedDocument } from './feeds.js';

/** One call of `cleanItem`, as data. */
export interface CleanTask {
  kind: 'clean';
  item: FeedItem;
  step: PageStep;
  feed: NormalizeContext['feed'];
  fullText: FullTextMode;
  disabledRules: readonly string[];
  feedRules: OwnFeedRules | null;
  learned: LearnedBoilerplate | null;
  learnEdges: boolean;
  siteConfigDir: string | null;
  embedHosts: string[];
  /** The caller's level: the thread logs no more than the caller would write. */
  logLevel: string;
}

/**
 * One call of `parseDocument`, as data. The body is copied, not transferred:
 * the caller keeps using it (its size is recorded, the document is returned),
 * and a copy of a feed's tens of KB costs some microseconds against the
 * milliseconds of parsing it (1 MB: ~0.1 ms).
 */
export interface ParseTask {
  kind: 'parse';
  document: ParsableDocument;
  maxItemsPerFeed: number;
  baseUrl: string | null;
}

export type Task = CleanTask | ParseTask;

export interface TaskMessage {
  id: number;
  task: Task;
}

/** A clean task's answer: the step, or the message of what `cleanItem` threw; with the pino lines it logged meanwhile. */
export type CleanReply = { id: number; kind: 'clean'; logs: string[] } & ({ step: CleanStep } | { error: string });

/** A parse task's answer: what parseDocument returned, or what it threw. */
export type ParseReply = { id: number; kind: 'parse' } & ({ parsed: ParsedDocument } | { error: ThrownError });

export type TaskReply = CleanReply | ParseReply;

/** The reply a thread gives to a task of this kind (answerTask answers each kind in kind). */
export type ReplyOf<T extends Task> = T extends CleanTask ? CleanReply : ParseReply;

// ---------------------------------------------------------------- the caller's side

export function taskOf(item: FeedItem, ctx: NormalizeContext, step: PageStep): CleanTask {
  return {
    kind: 'clean',
    item,
    step,
    feed: ctx.feed,
    fullText: ctx.fullText,
    disabledRules: ctx.disabledRules ?? [],
    feedRules: ctx.feedRules?.source ?? null,
    learned: ctx.learned ?? null,
    learnEdges: ctx.learnEdges ?? false,
    siteConfigDir: ctx.siteConfigs?.dir ?? null,
    embedHosts: ctx.embedHosts,
    logLevel: ctx.log.level,
  };
}

export function parseTaskOf(document: ParsableDocument, config: Pick<Config, 'maxItemsPerFeed'>, baseUrl: string | null): ParseTask {
  // Only the header parseDocument reads: the rest would be copied for nothing.
  const location = document.headers['content-location'];
  return {
    kind: 'parse',
    document: { url: document.url, body: document.body, contentType: document.contentType, headers: location === undefined ? {} : { 'content-location': location } },
    maxItemsPerFeed: config.maxItemsPerFeed,
    baseUrl,
  };
}

const LOG_METHODS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
type LogMethod = (typeof LOG_METHODS)[number];

function isLogMethod(label: string | undefined): label is LogMethod {
  return (LOG_METHODS as readonly (string | undefined)[]).includes(label);
}

/** Writes a thread's log lines through `log`, so they carry its bindings and its redaction. */
export function replayLogs(log: Logger, lines: readonly string[]): void {
  for (const line of lines) {
    const { level, msg, ...fields } = JSON.parse(line) as { level: number; msg?: string } & Record<string, unknown>;
    const label = log.levels.labels[level];
    log[isLogMethod(label) ? label : 'info'](fields, msg);
  }
}

// ---------------------------------------------------------------- the thread's side

/** The thread's log: lines are kept until its answer carries them back. */
let threadLog: { log: Logger; lines: string[] } | null = null;

function logOfThread(): { log: Logger; lines: string[] } {
  if (!threadLog) {
    const lines: string[] = [];
    threadLog = { log: pino({ base: null, timestamp: false }, { write: (line: string) => void lines.push(line) }), lines };
  }
  return threadLog;
}

function contextOf(task: CleanTask, log: Logger): CleanContext {
  return {
    feed: task.feed,
    fullText: task.fullText,
    disabledRules: task.disabledRules,
    feedRules: task.feedRules ? compiledRulesOf(task.feedRules) : null,
    ...(task.learned ? { learned: task.learned } : {}),
    learnEdges: task.learnEdges,
    ...(task.siteConfigDir ? { siteConfigs: siteConfigDirectory(task.siteConfigDir, log) } : {}),
    embedHosts: task.embedHosts,
    log,
  };
}

function answerClean(id: number, task: CleanTask): CleanReply {
  const { log, lines } = logOfThread();
  log.level = task.logLevel;
  try {
    return { id, kind: 'clean', step: cleanItem(task.item, contextOf(task, log), task.step), logs: lines.splice(0) };
  } catch (err) {
    return { id, kind: 'clean', error: errorMessage(err), logs: lines.splice(0) };
  }
}

function answerParse(id: number, task: ParseTask): ParseReply {
  try {
    const { text, feed } = parseDocument(task.document, { maxItemsPerFeed: task.maxItemsPerFeed }, task.baseUrl);
    // The text goes back only with a page (discovery reads its links): beside a feed it would be a second copy of the body for nothing.
    return { id, kind: 'parse', parsed: feed ? { feed } : { text, feed: null } };
  } catch (err) {
    return { id, kind: 'parse', error: thrownOf(err) };
  }
}

/** Runs one task in the thread. What the task throws becomes the answer: the thread goes on. */
export function answerTask({ id, task }: TaskMessage): TaskReply {
  return task.kind === 'parse' ? answerParse(id, task) : answerClean(id, task);
}

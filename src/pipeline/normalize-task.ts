/**
 * What crosses between the main thread and a normalize thread, and how each
 * side reads it: plain structured-clone data only. Compiled feed rules, the
 * site config directory and the logger hold functions, so they cross as what
 * they are made from (the rules as written, the directory's path, the log
 * level) and the thread rebuilds them; its log lines come back and are
 * written by the caller's logger, with the caller's bindings (feed, job).
 */
import { pino } from 'pino';
import { errorMessage } from '../core/errors.js';
import type { FeedItem, FullTextMode } from '../core/model.js';
import type { Logger } from '../core/logger.js';
import type { LearnedBoilerplate } from '../normalize/boilerplate.js';
import { compiledRulesOf, type OwnFeedRules } from '../normalize/feed-rules/index.js';
import { cleanItem, type CleanContext, type CleanStep, type NormalizeContext, type PageStep } from '../normalize/index.js';
import { siteConfigDirectory } from '../normalize/site-config/directory.js';

/** One call of `cleanItem`, as data. */
export interface CleanTask {
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

export interface TaskMessage {
  id: number;
  task: CleanTask;
}

/** A thread's answer: the step, or the message of what `cleanItem` threw; with the pino lines it logged meanwhile. */
export type TaskReply = { id: number; logs: string[] } & ({ step: CleanStep } | { error: string });

// ---------------------------------------------------------------- the caller's side

export function taskOf(item: FeedItem, ctx: NormalizeContext, step: PageStep): CleanTask {
  return {
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

/** Runs one task in the thread. What `cleanItem` throws becomes the answer: the thread goes on. */
export function answerTask({ id, task }: TaskMessage): TaskReply {
  const { log, lines } = logOfThread();
  log.level = task.logLevel;
  try {
    return { id, step: cleanItem(task.item, contextOf(task, log), task.step), logs: lines.splice(0) };
  } catch (err) {
    return { id, error: errorMessage(err), logs: lines.splice(0) };
  }
}

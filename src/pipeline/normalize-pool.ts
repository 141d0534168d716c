/**
 * The normalize pool: the pure, CPU-bound half of normalize (`cleanItem`) runs
 * in worker threads, so one process cleans on all its cores while its event
 * loop keeps serving the API, the queues and the fetches. Full-text pages are
 * still fetched on the main thread (normalizeItem calls the pool twice then).
 * The fetch worker's feed parsing (`parseDocument`: decode and parse of the
 * fetched bytes, some 1.3 ms per 10-item feed, paid on every fetch) runs in
 * the same threads: one pool sized to the cores, not two competing for them.
 *
 * A small pool of our own rather than piscina: two task kinds, one FIFO for
 * both, at most two tasks handed to a thread at a time (it runs them in
 * order); what it must do beyond that is specific (a thread that dies fails
 * only the item or the fetch it was running, the task behind it goes back to
 * the queue, and the thread is replaced), and it is short enough to read in
 * one go. Threads start when work comes (an API-only
 * process that never previews starts none), are unref'd while idle, so an
 * idle pool never keeps a process alive, and end after IDLE_MS without work
 * (each holds its own heap, some 70 MB); `close()` ends them.
 */
import type { Worker } from 'node:worker_threads';
import { startThread, threadEntry } from '../core/threads.js';
import { errorMessage, ParseError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { ItemCleaner } from '../normalize/index.js';
import type { DocumentParser } from './feeds.js';
import { errorOf } from '../core/thrown-error.js';
import { parseTaskOf, replayLogs, taskOf, type ReplyOf, type Task, type TaskMessage, type TaskReply } from './normalize-task.js';

/** The thread's entry beside this file: normalize-thread.js in dist/, normalize-thread.ts when tests or tsx run the sources. */
const THREAD_ENTRY = threadEntry('normalize-thread', import.meta.url);

/** A thread without work this long ends; the next item starts a new one (module load and warm-up: well under a second). */
const IDLE_MS = 60_000;
/**
 * Tasks handed to one thread at a time. With one, a busy thread sat idle for
 * every answer's round trip (its message, the main thread's turn, the next
 * task's message); the second waits in the thread's own queue instead.
 */
const TASKS_PER_THREAD = 2;

export interface NormalizePoolOptions {
  /** The thread's module; tests give one that misbehaves on purpose. */
  entry?: URL;
  /** How long a thread may sit idle before it ends. */
  idleMs?: number;
}

interface Job {
  message: TaskMessage;
  resolve: (reply: TaskReply) => void;
  reject: (err: Error) => void;
}

interface Thread {
  worker: Worker;
  /** Handed to the thread, in the order it runs them: the first is the one running. */
  jobs: Job[];
  /** Crashed or exiting: takes no more work. */
  gone: boolean;
  idleTimer: NodeJS.Timeout | null;
}

export class NormalizePool {
  private readonly threads = new Set<Thread>();
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  private readonly entry: URL;
  private readonly idleMs: number;

  /** `size` threads at most. */
  constructor(
    readonly size: number,
    private readonly log: Logger,
    options: NormalizePoolOptions = {},
  ) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`a normalize pool needs at least one thread, got ${size}`);
    this.entry = options.entry ?? THREAD_ENTRY;
    this.idleMs = options.idleMs ?? IDLE_MS;
  }

  /** normalizeItem's cleaner: the same `cleanItem`, in a thread; the thread's log lines are written through ctx.log. */
  readonly clean: ItemCleaner = async (item, ctx, step) => {
    const reply = await this.run(taskOf(item, ctx, step));
    replayLogs(ctx.log, reply.logs);
    if ('error' in reply) throw new Error(reply.error);
    return reply.step;
  };

  /**
   * The fetch worker's parser: the same `parseDocument`, in a thread. What it
   * throws comes back as the same class with the same code and details.
   */
  readonly parse: DocumentParser = async (document, config, baseUrl = document.url) => {
    const reply = await this.run(parseTaskOf(document, config, baseUrl));
    if ('error' in reply) throw errorOf(reply.error);
    return reply.parsed;
  };

  /** Threads running now (started lazily, replaced after a crash). */
  get threadCount(): number {
    return this.threads.size;
  }

  /** Refuses queued tasks and ends every thread; a task in flight fails. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(closedBefore(job.message.task));
    await Promise.all([...this.threads].map((thread) => thread.worker.terminate()));
  }

  private run<T extends Task>(task: T): Promise<ReplyOf<T>> {
    if (this.closed) return Promise.reject(new Error('the normalize pool is closed'));
    const reply = new Promise<TaskReply>((resolve, reject) => {
      this.queue.push({ message: { id: this.nextId++, task }, resolve, reject });
      this.dispatch();
    });
    // A thread answers each task with the reply of its kind (answerTask).
    return reply as Promise<ReplyOf<T>>;
  }

  private dispatch(): void {
    while (this.queue.length > 0 && !this.closed) {
      const thread = this.threadWithRoom();
      if (!thread) return;
      const job = this.queue.shift() as Job;
      try {
        thread.worker.postMessage(job.message);
      } catch (err) {
        // Not structured-clone data: a bug in what the caller passed, for this task only.
        job.reject(new Error(`the ${taskNoun(job.message.task)} could not be sent to a normalize thread: ${errorMessage(err)}`));
        continue;
      }
      thread.jobs.push(job);
      if (thread.idleTimer) clearTimeout(thread.idleTimer);
      thread.worker.ref();
    }
  }

  /** An idle thread, else a new one while the pool is not full, else the least busy with room for one more. */
  private threadWithRoom(): Thread | null {
    let roomy: Thread | null = null;
    for (const thread of this.threads) {
      if (thread.gone) continue;
      if (thread.jobs.length === 0) return thread;
      if (thread.jobs.length < TASKS_PER_THREAD && (roomy === null || thread.jobs.length < roomy.jobs.length)) roomy = thread;
    }
    return this.threads.size < this.size ? this.spawn() : roomy;
  }

  private spawn(): Thread {
    const thread: Thread = { worker: startThread(this.entry), jobs: [], gone: false, idleTimer: null };
    this.threads.add(thread);
    const { worker } = thread;
    worker.unref();
    worker.on('message', (reply: TaskReply) => {
      const job = thread.jobs[0];
      if (!job || job.message.id !== reply.id) return;
      thread.jobs.shift();
      if (thread.jobs.length === 0) worker.unref();
      job.resolve(reply);
      this.dispatch();
      if (thread.jobs.length === 0) this.endWhenIdle(thread);
    });
    // An uncaught error ends the thread: the task it was running fails, the rest go on in a new thread.
    worker.on('error', (err) => {
      this.log.error({ threadId: worker.threadId, ...taskFields(thread.jobs[0]?.message.task), err: errorMessage(err) }, 'normalize thread crashed');
      this.retire(thread, `the normalize thread crashed: ${errorMessage(err)}`);
    });
    worker.on('exit', (code) => {
      if (!thread.gone && !this.closed) {
        this.log.error({ threadId: worker.threadId, ...taskFields(thread.jobs[0]?.message.task), code }, 'normalize thread exited');
      }
      const task = thread.jobs[0]?.message.task;
      this.retire(thread, `the normalize thread exited (code ${code}) while ${task?.kind === 'parse' ? 'parsing the document' : 'cleaning the item'}`);
      this.threads.delete(thread);
      this.dispatch();
    });
    return thread;
  }

  private endWhenIdle(thread: Thread): void {
    thread.idleTimer = setTimeout(() => {
      if (thread.jobs.length > 0 || thread.gone) return;
      thread.gone = true;
      void thread.worker.terminate();
    }, this.idleMs);
    thread.idleTimer.unref();
  }

  private retire(thread: Thread, why: string): void {
    thread.gone = true;
    const [job, ...waiting] = thread.jobs.splice(0);
    if (job) job.reject(this.closed ? closedBefore(job.message.task) : failureOf(job.message.task, why));
    // The thread runs its tasks in order: the ones behind the first never started. Back to the front of the queue.
    if (this.closed) for (const next of waiting) next.reject(closedBefore(next.message.task));
    else this.queue.unshift(...waiting);
  }
}

function taskNoun(task: Task): string {
  return task.kind === 'parse' ? 'document' : 'item';
}

function closedBefore(task: Task): Error {
  return new Error(`the normalize pool closed before the ${taskNoun(task)} was done`);
}

/** What the log says about the task a thread held when it died. */
function taskFields(task: Task | undefined): Record<string, string> {
  if (!task) return {};
  return task.kind === 'parse' ? { url: task.document.url } : { guid: task.item.guid };
}

/**
 * A thread that died on a task. For a parse it was most likely the document
 * (a stack or heap blown by its shape), so it is the feed's failure, with a
 * code: recorded on the feed and retried with its backoff, rather than a job
 * error the reconciler would requeue every round. A closed pool is not the
 * document's fault and stays a plain error (retire).
 */
function failureOf(task: Task, why: string): Error {
  return task.kind === 'parse' ? new ParseError('PARSE_CRASHED', `${task.document.url}: ${why}`) : new Error(why);
}

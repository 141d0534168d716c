/**
 * Checkpoints of a SQLite file in a thread of their own. With SQLite's
 * automatic checkpoint, the commit that grows the write-ahead log past 1,000
 * pages copies them into the file and fsyncs both, on the event loop: under
 * load, a twelfth of the service's main-thread time (black-box profile).
 * Here the process's connection checkpoints only as a fallback, far later,
 * and a thread with its own connection checkpoints every CHECKPOINT_EVERY_MS.
 */
import type { Worker } from 'node:worker_threads';
import type SqliteDatabase from 'better-sqlite3';
import { startThread, threadEntry } from '../core/threads.js';
import type { Logger } from '../core/logger.js';

const CHECKPOINT_EVERY_MS = 500;
/** The writing connection checkpoints itself only if the log grows this far (pages of 4 KiB): the thread fell behind or died. */
const FALLBACK_CHECKPOINT_PAGES = 16_000;
/** How long a closing store waits for the thread's connection to close (a checkpoint in progress finishes first). */
const STOP_WAIT_MS = 10_000;

export class Checkpointer {
  private thread: Worker | null = null;
  private stopped = false;
  /** Set to 1 by the thread once its connection is closed. */
  private readonly threadClosed = new Int32Array(new SharedArrayBuffer(4));

  constructor(
    private readonly database: SqliteDatabase.Database,
    private readonly file: string,
    private readonly log: Logger,
  ) {}

  /** Starts the thread (once): called at the first commit, so a store that never writes starts none. */
  start(): void {
    if (this.thread || this.stopped) return;
    this.database.pragma(`wal_autocheckpoint = ${FALLBACK_CHECKPOINT_PAGES}`);
    const thread = startThread(threadEntry('checkpoint-thread', import.meta.url), { workerData: { file: this.file, everyMs: CHECKPOINT_EVERY_MS, closed: this.threadClosed } });
    // Never what keeps a process alive.
    thread.unref();
    thread.on('message', (message: { error?: string }) => this.log.warn({ err: message.error, file: this.file }, 'SQLite checkpoint failed; the next one will retry'));
    thread.on('error', (err) => this.fallBack(err));
    thread.on('exit', (code) => {
      if (!this.stopped && code !== 0) this.fallBack(new Error(`checkpoint thread exited with code ${code}`));
    });
    this.thread = thread;
  }

  /** Without the thread, the writing connection checkpoints as SQLite does by default. */
  private fallBack(err: Error): void {
    this.log.warn({ err: err.message, file: this.file }, 'SQLite checkpoint thread stopped; commits checkpoint again');
    this.thread = null;
    this.stopped = true;
    if (this.database.open) this.database.pragma('wal_autocheckpoint = 1000');
  }

  /**
   * Before the writing connection closes. The thread's connection must close
   * first: the last connection out checkpoints and deletes the log, and a
   * thread still ticking after that recreates the log file beside a store
   * its owner thinks is closed (a test's temp folder then failed to delete).
   * Blocking is fine here: it happens once, at shutdown, and Kysely's close
   * is synchronous.
   */
  stop(): void {
    this.stopped = true;
    if (!this.thread) return;
    this.thread.postMessage('stop');
    this.thread = null;
    if (Atomics.wait(this.threadClosed, 0, 0, STOP_WAIT_MS) === 'timed-out') {
      this.log.warn({ file: this.file, waitedMs: STOP_WAIT_MS }, 'SQLite checkpoint thread did not close in time; closing the store anyway');
    }
  }
}

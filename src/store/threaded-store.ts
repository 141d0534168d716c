/**
 * The store in a thread of its own. With SQLite the store's work (building
 * and compiling statements, running them, committing) runs on the thread that
 * calls it; under load that was half of the main thread's time, which the
 * API, the queues, the fetches and the deliveries share. Here the same store
 * (openStore) runs in a worker thread and this object forwards each call by
 * name, whatever the call does (a batch's save is one call, not its forty
 * statements); the calls and answers of one turn of the event loop share a
 * message (core/message-batch.ts). PostgreSQL does its work in its own
 * server, so a thread would only add the hop: it stays in process.
 *
 * A crashed thread fails the calls in flight and every later one with
 * DATABASE_UNAVAILABLE (the readiness probe says so); it is not restarted
 * behind the caller's back, since the process's workers and API hold
 * results of calls that may or may not have been applied.
 */
import type { Worker } from 'node:worker_threads';
import { FeedloomError, errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { startThread, threadEntry } from '../core/threads.js';
import { batchedPoster } from '../core/message-batch.js';
import { errorOf } from '../core/thrown-error.js';
import type { StoreCall, StoreCalls, StoreReplies, StoreReply, StoreThreadData, StoreThreadHello } from './store-thread-protocol.js';
import type { Store } from './types.js';

const THREAD_ENTRY = threadEntry('store-thread', import.meta.url);

interface Pending {
  method: string;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

/**
 * Opens the store in its own thread; resolves once it is open (not migrated:
 * call migrate(), as with openStore). `entry`: the thread's module; tests give
 * one that dies on purpose.
 */
export async function openStoreInThread(data: StoreThreadData, log: Logger, options: { entry?: URL } = {}): Promise<Store> {
  const worker = startThread(options.entry ?? THREAD_ENTRY, { workerData: data });
  const hello = await new Promise<StoreThreadHello>((resolve, reject) => {
    const exited = (code: number) => settle(new FeedloomError('DATABASE_UNAVAILABLE', `the store thread exited (code ${code}) before it opened the store`));
    const settle = (outcome: StoreThreadHello | Error) => {
      // Only these listeners: the Worker counts its own 'message' listeners to keep its port referenced.
      worker.off('message', settle).off('error', settle).off('exit', exited);
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    worker.on('message', settle).on('error', settle).on('exit', exited);
  });
  if (hello.kind === 'failed') {
    await worker.terminate();
    throw errorOf(hello.error);
  }
  return new StoreThread(worker, log).store(hello);
}

class StoreThread {
  private readonly pending = new Map<number, Pending>();
  private readonly send = batchedPoster<StoreCall>(
    (calls) => this.worker.postMessage({ calls } satisfies StoreCalls),
    // Not structured-clone data: a bug in what the caller passed, for this call only.
    (call, err) => this.settle(call.id, (pending) => pending.reject(new Error(`store.${call.method}: its arguments cannot be sent to the store thread: ${errorMessage(err)}`))),
  );
  private nextId = 1;
  /** Why calls fail from now on: the thread crashed or the store was closed. */
  private down: Error | null = null;
  private closing = false;

  constructor(
    private readonly worker: Worker,
    private readonly log: Logger,
  ) {
    // The thread keeps the process alive only while a call waits on it.
    worker.unref();
    worker.on('message', ({ replies }: StoreReplies) => {
      for (const reply of replies) this.answer(reply);
    });
    worker.on('error', (err) => this.fail(`the store thread crashed: ${errorMessage(err)}`));
    worker.on('exit', (code) => this.fail(`the store thread exited (code ${code})`));
  }

  /** A Store whose methods are the thread's, by the names the thread listed. */
  store(hello: Extract<StoreThreadHello, { kind: 'ready' }>): Store {
    const store: Record<string, unknown> = { dialect: hello.dialect };
    for (const method of hello.methods) {
      const call = (...args: unknown[]) => this.call(method, args);
      const [name, inner] = method.split('.') as [string, string | undefined];
      if (inner === undefined) store[name] = call;
      else ((store[name] ??= {}) as Record<string, unknown>)[inner] = call;
    }
    const close = store.close as () => Promise<void>;
    store.close = async () => {
      if (this.closing) return;
      this.closing = true;
      try {
        // A thread already gone has nothing left to close.
        if (!this.down) await close();
      } finally {
        await this.worker.terminate();
        this.fail('closed');
      }
    };
    // The thread listed the real store's methods: the object has the Store's shape by construction.
    return store as unknown as Store;
  }

  private call(method: string, args: unknown[]): Promise<unknown> {
    if (this.down) return Promise.reject(this.down);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { method, resolve, reject });
      this.send({ id, method, args });
    });
  }

  private answer(reply: StoreReply): void {
    this.settle(reply.id, (pending) => ('error' in reply ? pending.reject(errorOf(reply.error)) : pending.resolve(reply.result)));
  }

  /** Ends call `id` (unless it has ended already: the thread went down meanwhile). */
  private settle(id: number, end: (pending: Pending) => void): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker.unref();
    end(pending);
  }

  private fail(why: string): void {
    if (this.down) {
      // Closed after the thread died: later calls say the store is closed.
      if (this.closing) this.down = new FeedloomError('DATABASE_UNAVAILABLE', 'the store is closed');
      return;
    }
    this.down = this.closing ? new FeedloomError('DATABASE_UNAVAILABLE', 'the store is closed') : new FeedloomError('DATABASE_UNAVAILABLE', why);
    if (!this.closing) this.log.error({ err: why, calls: this.pending.size }, 'store thread lost; store calls fail until the process restarts');
    for (const [id, pending] of this.pending) {
      this.pending.delete(id);
      pending.reject(new FeedloomError('DATABASE_UNAVAILABLE', `store.${pending.method}: ${this.down.message}`));
    }
  }
}

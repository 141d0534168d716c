/**
 * Politeness towards each host: at most `concurrency` requests in flight to
 * it, and request starts spaced by at least `minGapMs`. Waiters are served in
 * arrival order.
 */

interface Waiter {
  grant: () => void;
}

interface HostState {
  gapMs: number;
  active: number;
  lastStart: number;
  queue: Waiter[];
  /** Set while the next start waits for the gap to pass. */
  gapTimer: NodeJS.Timeout | null;
  /** Set while an idle host is remembered until its gap has passed. */
  forgetTimer: NodeJS.Timeout | null;
}

export type Release = () => void;

export class HostLimiter {
  private readonly hosts = new Map<string, HostState>();

  constructor(private readonly concurrency: number) {
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`per-host concurrency must be >= 1, got ${concurrency}`);
  }

  /**
   * Waits for a slot on `host`, starting at least `gapMs` after the previous
   * start there; the returned function gives the slot back (calling it twice
   * is harmless).
   */
  acquire(host: string, gapMs: number, signal?: AbortSignal): Promise<Release> {
    signal?.throwIfAborted();
    const state = this.stateOf(host);
    state.gapMs = Math.max(0, gapMs);
    return new Promise<Release>((resolve, reject) => {
      const onAbort = (): void => {
        state.queue = state.queue.filter((entry) => entry !== waiter);
        this.forgetIfIdle(host, state);
        reject(signal?.reason);
      };
      const waiter: Waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(this.releaser(host, state));
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      state.queue.push(waiter);
      this.pump(host, state);
    });
  }

  /** Hosts currently tracked. */
  get size(): number {
    return this.hosts.size;
  }

  private stateOf(host: string): HostState {
    let state = this.hosts.get(host);
    if (state === undefined) {
      state = { gapMs: 0, active: 0, lastStart: 0, queue: [], gapTimer: null, forgetTimer: null };
      this.hosts.set(host, state);
    }
    if (state.forgetTimer !== null) {
      clearTimeout(state.forgetTimer);
      state.forgetTimer = null;
    }
    return state;
  }

  private releaser(host: string, state: HostState): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      state.active -= 1;
      this.pump(host, state);
      this.forgetIfIdle(host, state);
    };
  }

  private pump(host: string, state: HostState): void {
    while (state.queue.length > 0 && state.active < this.concurrency && state.gapTimer === null) {
      const wait = state.lastStart + state.gapMs - Date.now();
      if (wait > 0) {
        state.gapTimer = setTimeout(() => {
          state.gapTimer = null;
          this.pump(host, state);
          this.forgetIfIdle(host, state);
        }, wait);
        return;
      }
      const next = state.queue.shift();
      if (next === undefined) return;
      state.active += 1;
      state.lastStart = Date.now();
      next.grant();
    }
  }

  /** Idle hosts are dropped so that polling thousands of hosts does not grow the map forever. */
  private forgetIfIdle(host: string, state: HostState): void {
    if (state.active !== 0 || state.queue.length !== 0 || state.gapTimer !== null || state.forgetTimer !== null) return;
    // Forgetting a host forgets its last start too, so wait until the gap has passed.
    const remaining = state.lastStart + state.gapMs - Date.now();
    if (remaining <= 0) {
      if (this.hosts.get(host) === state) this.hosts.delete(host);
      return;
    }
    state.forgetTimer = setTimeout(() => {
      state.forgetTimer = null;
      this.forgetIfIdle(host, state);
    }, remaining);
    state.forgetTimer.unref();
  }
}

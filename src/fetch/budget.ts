/**
 * The total-time budget of one request, joined with the caller's signal.
 * undici's own timeouts restart on every byte, so only a timer that never
 * restarts can stop a server trickling one byte at a time.
 */

export interface Budget {
  /** Aborts when the budget runs out or the caller aborts. */
  signal: AbortSignal;
  /** True once the time ran out (as opposed to the caller aborting). */
  readonly expired: boolean;
  readonly timeoutMs: number;
  readonly caller: AbortSignal | undefined;
  /** Detaches from the caller's signal; a long-lived caller signal must not collect listeners. */
  dispose: () => void;
}

export function startBudget(timeoutMs: number, caller?: AbortSignal): Budget {
  const timer = AbortSignal.timeout(timeoutMs);
  if (caller === undefined) {
    return { signal: timer, timeoutMs, caller, dispose: () => undefined, get expired() { return timer.aborted; } };
  }
  // Joined by hand rather than AbortSignal.any, which keeps dependants alive on a long-lived signal in Node 20.
  const joined = new AbortController();
  const onTimer = (): void => joined.abort(timer.reason);
  const onCaller = (): void => joined.abort(caller.reason);
  timer.addEventListener('abort', onTimer, { once: true });
  caller.addEventListener('abort', onCaller, { once: true });
  if (caller.aborted) joined.abort(caller.reason);
  return {
    signal: joined.signal,
    timeoutMs,
    caller,
    get expired() {
      return timer.aborted;
    },
    dispose: () => {
      timer.removeEventListener('abort', onTimer);
      caller.removeEventListener('abort', onCaller);
    },
  };
}

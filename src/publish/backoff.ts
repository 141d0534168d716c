/**
 * When to try a failed webhook delivery again.
 *
 * Exponential (base * 2^(n-1)), capped at maxMs, with "equal jitter": half of
 * the delay is kept and the other half is random. Full jitter could retry at
 * once, hammering a subscriber that just failed; no jitter would make every
 * delivery that failed in the same outage retry in the same instant. Equal
 * jitter keeps a guaranteed pause and still spreads the retries.
 */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
  maxAttempts: number;
}

/** `attemptsMade` counts the attempts already made, the failed one included (1 after the first failure). */
export function retryDelayMs(attemptsMade: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exponent = Math.max(0, Math.floor(attemptsMade) - 1);
  // 2 ** exponent overflows to Infinity for large exponents; the cap absorbs it.
  const capped = Math.min(policy.baseMs * 2 ** exponent, policy.maxMs);
  const share = Math.min(1, Math.max(0, random()));
  return Math.floor(capped / 2 + (capped / 2) * share);
}

export function hasAttemptsLeft(attemptsMade: number, policy: BackoffPolicy): boolean {
  return attemptsMade < policy.maxAttempts;
}

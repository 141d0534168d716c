import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasAttemptsLeft, retryDelayMs, type BackoffPolicy } from '../../src/publish/backoff.js';

const policy: BackoffPolicy = { baseMs: 5_000, maxMs: 36_000_000, maxAttempts: 10 };

describe('retryDelayMs', () => {
  it('doubles per attempt: half fixed, half random (equal jitter)', () => {
    expect(retryDelayMs(1, policy, () => 0)).toBe(2_500);
    expect(retryDelayMs(1, policy, () => 0.999999)).toBe(4_999);
    expect(retryDelayMs(2, policy, () => 0)).toBe(5_000);
    expect(retryDelayMs(3, policy, () => 0.5)).toBe(15_000);
    expect(retryDelayMs(4, policy, () => 1)).toBe(40_000);
  });

  it('stops growing at maxMs', () => {
    const small: BackoffPolicy = { baseMs: 1_000, maxMs: 10_000, maxAttempts: 50 };
    expect(retryDelayMs(5, small, () => 1)).toBe(10_000);
    expect(retryDelayMs(40, small, () => 1)).toBe(10_000);
    expect(retryDelayMs(5_000, small, () => 0)).toBe(5_000);
  });

  it('treats a zero or negative attempt count as the first attempt', () => {
    expect(retryDelayMs(0, policy, () => 0)).toBe(retryDelayMs(1, policy, () => 0));
    expect(retryDelayMs(-3, policy, () => 0)).toBe(2_500);
  });

  it('stays within [half, all] of the capped exponential delay and never above maxMs', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2_000 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 1, max: 100_000_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (attempts, baseMs, maxMs, share) => {
          const p: BackoffPolicy = { baseMs, maxMs, maxAttempts: 10 };
          const capped = Math.min(baseMs * 2 ** (attempts - 1), maxMs);
          const delay = retryDelayMs(attempts, p, () => share);
          expect(Number.isInteger(delay)).toBe(true);
          expect(delay).toBeLessThanOrEqual(maxMs);
          expect(delay).toBeGreaterThanOrEqual(Math.floor(capped / 2));
          expect(delay).toBeLessThanOrEqual(capped);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('never goes below the previous attempt’s fixed half as attempts grow', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), (attempts) => {
        const low = (n: number) => retryDelayMs(n, policy, () => 0);
        expect(low(attempts + 1)).toBeGreaterThanOrEqual(low(attempts));
      }),
    );
  });

  it('spreads retries with Math.random', () => {
    const delays = new Set(Array.from({ length: 200 }, () => retryDelayMs(6, policy)));
    expect(delays.size).toBeGreaterThan(100);
    for (const delay of delays) expect(delay).toBeGreaterThanOrEqual(80_000);
  });

  it('keeps a random() outside [0, 1) inside the bounds', () => {
    expect(retryDelayMs(2, policy, () => 7)).toBe(10_000);
    expect(retryDelayMs(2, policy, () => -1)).toBe(5_000);
  });
});

describe('hasAttemptsLeft', () => {
  it('allows attempts until maxAttempts have been made', () => {
    expect(hasAttemptsLeft(1, policy)).toBe(true);
    expect(hasAttemptsLeft(9, policy)).toBe(true);
    expect(hasAttemptsLeft(10, policy)).toBe(false);
  });
});

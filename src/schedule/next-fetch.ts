/**
 * When to fetch a feed next (DESIGN.md, "Scheduling"), and why.
 *
 * Every plan names one reason, so an operator reading the Feed object can
 * tell where its `effectivePollSeconds` comes from:
 * - `fixed`: the feed is on `schedule: "fixed"`: exactly pollIntervalSeconds.
 * - `ttl`: the publisher said how long the document stays fresh: the feed's
 *   `<ttl>` or `sy:updatePeriod`/`sy:updateFrequency` (a declared schedule,
 *   followed as such), or the server's `Cache-Control: max-age`/`Expires`
 *   when that is longer than our own estimate (polling sooner only earns the
 *   same document again).
 * - `adaptive`: half the median gap between the newest items (a new item then
 *   waits on average a quarter of the gap); a user's pollIntervalSeconds is a
 *   ceiling over it, DEFAULT_POLL_SECONDS stands in when the items carry no
 *   dates.
 * - `websub`: a hub pushes new content; polling is only a slow safety net.
 * - `backoff`: after n consecutive failures, the interval × 2^(n-1).
 * - `retry-after`: the server asked us to wait longer than all of the above.
 * MIN/MAX_POLL_SECONDS bound every interval.
 *
 * The next fetch lands within a few minutes of `now + seconds`: a small
 * jitter spreads feeds registered together, downward for our own estimates
 * (a little early costs nothing), upward for what a server asked (never
 * sooner than allowed), none for `fixed`.
 */
import type { ScheduleMode, ScheduleReason } from '../core/model.js';
import { parseMaxAge, parseRetryAfter } from '../fetch/response-headers.js';

export interface ScheduleInput {
  now: Date;
  minSeconds: number;
  maxSeconds: number;
  defaultSeconds: number;
  mode: ScheduleMode;
  /** The feed's pollIntervalSeconds when the user set one. */
  requestedSeconds: number | null;
  /** publishingIntervalSeconds() of the newest document the feed served (kept across 304s). */
  publishingSeconds: number | null;
  /** The feed's declared refresh interval (<ttl>, sy:updatePeriod/Frequency). */
  ttlSeconds: number | null;
  /** How long the server says the response stays fresh (Cache-Control max-age, Expires). */
  freshSeconds: number | null;
  retryAfterSeconds: number | null;
  consecutiveFailures: number;
  /** The safety poll of a feed a WebSub hub pushes, null when it has no live subscription. */
  websubSeconds: number | null;
  random?: () => number;
}

export interface SchedulePlan {
  at: Date;
  /** The interval itself, before jitter: the Feed's effectivePollSeconds. */
  seconds: number;
  reason: ScheduleReason;
}

// The newest items say how the feed publishes now; old archives would drag the estimate.
const RECENT_ITEMS = 20;
// 5% of the interval, at most 5 minutes: enough to spread 10,000 feeds registered together, small enough to explain.
const JITTER_SHARE = 0.05;
const JITTER_MAX_SECONDS = 300;

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}

function positive(value: number | null): number | null {
  return value !== null && Number.isFinite(value) && value > 0 ? value : null;
}

function median(sorted: number[]): number | null {
  if (sorted.length === 0) return null;
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? upper) + upper) / 2;
}

/** Half the median gap, in seconds, between the newest dated items; null when fewer than two distinct dates. */
export function publishingIntervalSeconds(itemDates: (string | null)[], now: Date): number | null {
  const nowMs = now.getTime();
  const times = [
    ...new Set(
      itemDates
        .map((date) => (date === null ? Number.NaN : Date.parse(date)))
        .filter((ms) => Number.isFinite(ms))
        // A date in the future is a feed's clock or typo, not a publishing pattern.
        .map((ms) => Math.min(ms, nowMs)),
    ),
  ]
    .sort((a, b) => b - a)
    .slice(0, RECENT_ITEMS);
  const gaps: number[] = [];
  for (let i = 1; i < times.length; i += 1) gaps.push(((times[i - 1] ?? 0) - (times[i] ?? 0)) / 1000);
  const gap = median(gaps.sort((a, b) => a - b));
  return gap === null ? null : Math.round(gap / 2);
}

/**
 * How long the server says a response stays fresh: `Cache-Control: max-age`,
 * else `Expires` minus the response's `Date` (or now). `no-cache`/`no-store`
 * say nothing about how often the content changes, so they are no hint.
 */
export function freshnessSeconds(headers: Record<string, string>, now: Date): number | null {
  const maxAge = parseMaxAge(headers['cache-control']);
  if (maxAge !== null) return maxAge;
  const expires = headers.expires === undefined ? Number.NaN : Date.parse(headers.expires);
  if (!Number.isFinite(expires)) return null;
  const served = headers.date === undefined ? Number.NaN : Date.parse(headers.date);
  const from = Number.isFinite(served) ? served : now.getTime();
  return Math.max(0, Math.round((expires - from) / 1000));
}

/** Retry-After on any response (429/503 carry it on failures, some servers on 200s too). */
export function retryAfterSeconds(headers: Record<string, string>, now: Date): number | null {
  return parseRetryAfter(headers['retry-after'], now.getTime());
}

function usualInterval(input: ScheduleInput): { seconds: number; reason: ScheduleReason } {
  const requested = positive(input.requestedSeconds);
  if (input.mode === 'fixed') return { seconds: requested ?? input.defaultSeconds, reason: 'fixed' };
  const ttl = positive(input.ttlSeconds);
  const fresh = positive(input.freshSeconds) ?? 0;
  if (ttl !== null) return { seconds: Math.max(ttl, fresh), reason: 'ttl' };
  const publishing = positive(input.publishingSeconds);
  const estimate = requested === null ? (publishing ?? input.defaultSeconds) : Math.min(publishing ?? requested, requested);
  return fresh > estimate ? { seconds: fresh, reason: 'ttl' } : { seconds: estimate, reason: 'adaptive' };
}

export function planNextFetch(input: ScheduleInput): SchedulePlan {
  const { minSeconds, maxSeconds } = input;
  const bound = (seconds: number) => clamp(Math.round(seconds), minSeconds, maxSeconds);
  const failures = Math.max(0, Math.floor(input.consecutiveFailures));

  let { seconds, reason } = usualInterval(input);
  seconds = bound(seconds);
  const websub = positive(input.websubSeconds);
  if (websub !== null && failures === 0 && input.mode === 'adaptive' && bound(websub) > seconds) {
    seconds = bound(websub);
    reason = 'websub';
  }
  if (failures > 0) {
    // The first failure retries at the usual interval, each further one doubles it.
    seconds = bound(seconds * 2 ** Math.min(failures - 1, 40));
    reason = 'backoff';
  }
  const retryAfter = positive(input.retryAfterSeconds);
  if (retryAfter !== null && bound(retryAfter) > seconds) {
    seconds = bound(retryAfter);
    reason = 'retry-after';
  }

  const random = input.random ?? Math.random;
  const spread = reason === 'fixed' ? 0 : Math.min(seconds * JITTER_SHARE, JITTER_MAX_SECONDS);
  const share = clamp(random(), 0, 1);
  const serverAsked = reason === 'ttl' || reason === 'retry-after';
  // Early, but never before a Retry-After that happened to equal the interval.
  const floor = Math.max(minSeconds, retryAfter === null ? 0 : bound(retryAfter));
  const jittered = serverAsked ? Math.min(seconds + spread * share, maxSeconds) : Math.max(seconds - spread * share, floor);
  return { at: new Date(input.now.getTime() + Math.round(jittered * 1000)), seconds, reason };
}

/**
 * When to fetch a feed next (DESIGN.md, "Scheduling").
 *
 * On success the interval follows how often the feed publishes: half the
 * median gap between its recent items, so a new item waits on average a
 * quarter of the gap. A user's pollIntervalSeconds is a ceiling (we may poll a
 * busy feed more often, never a quiet one less often than asked). The server's
 * ttl / max-age / Retry-After are a floor: polling sooner only earns 304s or
 * refusals. On failure the interval doubles per consecutive failure.
 *
 * MIN/MAX_POLL_SECONDS are hard bounds over all of this, jitter included.
 */
export interface ScheduleInput {
  now: Date;
  minSeconds: number;
  maxSeconds: number;
  defaultSeconds: number;
  /** The feed's pollIntervalSeconds when the user set one. */
  requestedSeconds: number | null;
  /** publishedAt of the items in the latest document. */
  itemDates: (string | null)[];
  ttlSeconds: number | null;
  maxAgeSeconds: number | null;
  retryAfterSeconds: number | null;
  consecutiveFailures: number;
  random?: () => number;
}

// The newest items say how the feed publishes now; old archives would drag the estimate.
const RECENT_ITEMS = 20;
// ±10%: enough to spread 10,000 feeds registered together over a window, small enough not to matter to one feed.
const JITTER = 0.1;

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
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
  return gap === null ? null : gap / 2;
}

function baseIntervalSeconds(input: ScheduleInput): number {
  const adaptive = publishingIntervalSeconds(input.itemDates, input.now);
  const requested = input.requestedSeconds;
  if (requested === null) return adaptive ?? input.defaultSeconds;
  return adaptive === null ? requested : Math.min(adaptive, requested);
}

function serverFloorSeconds(input: ScheduleInput): number {
  const hints = [input.ttlSeconds, input.maxAgeSeconds, input.retryAfterSeconds].filter(
    (value): value is number => value !== null && Number.isFinite(value) && value > 0,
  );
  return hints.length === 0 ? 0 : Math.max(...hints);
}

export function nextFetchAt(input: ScheduleInput): Date {
  const { minSeconds, maxSeconds } = input;
  const random = input.random ?? Math.random;
  const failures = Math.max(0, Math.floor(input.consecutiveFailures));

  const base = clamp(baseIntervalSeconds(input), minSeconds, maxSeconds);
  // The first failure retries at the usual interval, each further one doubles it.
  const interval = failures === 0 ? base : Math.min(base * 2 ** (failures - 1), maxSeconds);
  const floor = clamp(serverFloorSeconds(input), minSeconds, maxSeconds);
  const target = Math.max(interval, floor);

  // Jitter within the allowed window, so a feed pinned to a bound still spreads instead of piling onto it.
  // The lower half of random() maps below the target, the upper half above, so 0.5 is the target itself.
  const low = Math.max(target * (1 - JITTER), floor);
  const high = Math.min(target * (1 + JITTER), maxSeconds);
  const share = clamp(random(), 0, 1);
  const seconds = share < 0.5 ? low + (target - low) * share * 2 : target + (high - target) * (share - 0.5) * 2;
  return new Date(input.now.getTime() + Math.round(seconds * 1000));
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  freshnessSeconds,
  planNextFetch,
  publishingIntervalSeconds,
  retryAfterSeconds,
  type ScheduleInput,
} from '../../src/schedule/next-fetch.js';

const NOW = new Date('2024-05-01T12:00:00.000Z');
const HOUR = 3_600;
const DAY = 86_400;
// random() = 0 takes no jitter: the next fetch is exactly the interval away.
const NO_JITTER = () => 0;

function schedule(overrides: Partial<ScheduleInput> = {}): ScheduleInput {
  return {
    now: NOW,
    minSeconds: 60,
    maxSeconds: DAY,
    defaultSeconds: 900,
    mode: 'adaptive',
    requestedSeconds: null,
    publishingSeconds: null,
    ttlSeconds: null,
    freshSeconds: null,
    retryAfterSeconds: null,
    consecutiveFailures: 0,
    websubSeconds: null,
    random: NO_JITTER,
    ...overrides,
  };
}

/** The interval and its reason. */
function plan(overrides: Partial<ScheduleInput> = {}): [number, string] {
  const result = planNextFetch(schedule(overrides));
  return [result.seconds, result.reason];
}

/** Seconds from NOW to the next fetch. */
function delay(overrides: Partial<ScheduleInput> = {}): number {
  return (planNextFetch(schedule(overrides)).at.getTime() - NOW.getTime()) / 1000;
}

/** publishingSeconds of items every `gapSeconds`. */
function publishing(gapSeconds: number): number {
  return publishingIntervalSeconds(everyNSeconds(gapSeconds), NOW) ?? Number.NaN;
}

/** `count` items published every `gapSeconds`, newest `sinceNewest` seconds ago. */
function everyNSeconds(gapSeconds: number, count = 10, sinceNewest = 0): string[] {
  return Array.from({ length: count }, (_, i) => new Date(NOW.getTime() - (sinceNewest + i * gapSeconds) * 1000).toISOString());
}

describe('publishingIntervalSeconds', () => {
  it('is half the median gap between items, in any order', () => {
    const dates = everyNSeconds(HOUR).reverse();
    expect(publishingIntervalSeconds(dates, NOW)).toBe(HOUR / 2);
  });

  it('ignores nulls, unparseable dates and duplicates', () => {
    const dates = [...everyNSeconds(2 * HOUR, 5), null, 'not a date', ...everyNSeconds(2 * HOUR, 5)];
    expect(publishingIntervalSeconds(dates, NOW)).toBe(HOUR);
  });

  it('resists one outlier gap', () => {
    const dates = [...everyNSeconds(HOUR, 9), new Date(NOW.getTime() - 90 * DAY * 1000).toISOString()];
    expect(publishingIntervalSeconds(dates, NOW)).toBe(HOUR / 2);
  });

  it('looks at the newest items only', () => {
    const recent = everyNSeconds(HOUR, 20);
    const archive = everyNSeconds(DAY, 30, 20 * HOUR);
    expect(publishingIntervalSeconds([...archive, ...recent], NOW)).toBe(HOUR / 2);
  });

  it('treats future dates as now', () => {
    const future = new Date(NOW.getTime() + 10 * DAY * 1000).toISOString();
    expect(publishingIntervalSeconds([future, new Date(NOW.getTime() - 2 * HOUR * 1000).toISOString()], NOW)).toBe(HOUR);
  });

  it('is null with fewer than two distinct dates', () => {
    expect(publishingIntervalSeconds([], NOW)).toBeNull();
    expect(publishingIntervalSeconds([null, 'garbage', NOW.toISOString()], NOW)).toBeNull();
    expect(publishingIntervalSeconds([NOW.toISOString(), NOW.toISOString()], NOW)).toBeNull();
  });
});

describe('planNextFetch after a success', () => {
  it('polls an hourly feed every half hour, a daily feed every twelve hours, and says it is adaptive', () => {
    expect(plan({ publishingSeconds: publishing(HOUR) })).toEqual([HOUR / 2, 'adaptive']);
    expect(plan({ publishingSeconds: publishing(DAY) })).toEqual([DAY / 2, 'adaptive']);
  });

  it('uses the default interval when the items carry no dates', () => {
    expect(plan()).toEqual([900, 'adaptive']);
  });

  it('keeps a busy feed at the minimum and a quiet feed at the maximum', () => {
    expect(plan({ publishingSeconds: 5 })).toEqual([60, 'adaptive']);
    expect(plan({ publishingSeconds: 15 * DAY })).toEqual([DAY, 'adaptive']);
  });

  it('treats a user interval as a ceiling: a quiet feed is still polled as often as asked', () => {
    expect(plan({ requestedSeconds: 1_800, publishingSeconds: DAY / 2 })).toEqual([1_800, 'adaptive']);
    expect(plan({ requestedSeconds: 1_800 })).toEqual([1_800, 'adaptive']);
    expect(plan({ requestedSeconds: 4 * HOUR, publishingSeconds: HOUR / 2 })).toEqual([HOUR / 2, 'adaptive']);
  });

  it('holds a user interval within the configured bounds', () => {
    expect(plan({ requestedSeconds: 5 })[0]).toBe(60);
    expect(plan({ requestedSeconds: 7 * DAY })[0]).toBe(DAY);
  });

  it("follows the feed's declared <ttl> / sy:updatePeriod, longer or shorter than our estimate", () => {
    expect(plan({ ttlSeconds: HOUR, publishingSeconds: DAY / 2 })).toEqual([HOUR, 'ttl']);
    expect(plan({ ttlSeconds: 3 * HOUR, publishingSeconds: HOUR / 2 })).toEqual([3 * HOUR, 'ttl']);
    expect(plan({ ttlSeconds: HOUR, requestedSeconds: 300 })).toEqual([HOUR, 'ttl']);
  });

  it('waits as long as Cache-Control/Expires freshness when that is longer than the estimate', () => {
    expect(plan({ publishingSeconds: 300, freshSeconds: 1_200 })).toEqual([1_200, 'ttl']);
    expect(plan({ publishingSeconds: DAY / 2, freshSeconds: 1_200 })).toEqual([DAY / 2, 'adaptive']);
    expect(plan({ ttlSeconds: HOUR, freshSeconds: 2 * HOUR })).toEqual([2 * HOUR, 'ttl']);
  });

  it('honours a Retry-After longer than everything else', () => {
    expect(plan({ retryAfterSeconds: 7_200 })).toEqual([7_200, 'retry-after']);
    expect(plan({ retryAfterSeconds: 60, publishingSeconds: HOUR })).toEqual([HOUR, 'adaptive']);
  });

  it('caps server hints at the maximum', () => {
    expect(plan({ ttlSeconds: 30 * DAY })).toEqual([DAY, 'ttl']);
    expect(plan({ retryAfterSeconds: 365 * DAY })[0]).toBe(DAY);
  });

  it('counts from the given now', () => {
    const at = planNextFetch(schedule({ now: new Date('2030-01-01T00:00:00Z') })).at;
    expect(at.toISOString()).toBe('2030-01-01T00:15:00.000Z');
  });
});

describe('planNextFetch on a fixed schedule', () => {
  it('polls exactly at pollIntervalSeconds whatever the feed says, without jitter', () => {
    const fixed = { mode: 'fixed', requestedSeconds: 600, ttlSeconds: DAY, freshSeconds: HOUR, publishingSeconds: 10 } as const;
    expect(plan(fixed)).toEqual([600, 'fixed']);
    expect(delay({ ...fixed, random: () => 1 })).toBe(600);
    expect(delay({ ...fixed, random: Math.random })).toBe(600);
  });

  it('uses the default interval when the user gave none', () => {
    expect(plan({ mode: 'fixed' })).toEqual([900, 'fixed']);
  });

  it('still waits when the server refuses with Retry-After, and backs off after failures', () => {
    expect(plan({ mode: 'fixed', requestedSeconds: 600, retryAfterSeconds: 3_600 })).toEqual([3_600, 'retry-after']);
    expect(plan({ mode: 'fixed', requestedSeconds: 600, consecutiveFailures: 2 })).toEqual([1_200, 'backoff']);
  });
});

describe('planNextFetch with a WebSub hub', () => {
  it('polls slowly as a safety net while the hub pushes', () => {
    expect(plan({ publishingSeconds: HOUR / 2, websubSeconds: 6 * HOUR })).toEqual([6 * HOUR, 'websub']);
  });

  it('keeps a longer interval the feed asked for', () => {
    expect(plan({ ttlSeconds: DAY, websubSeconds: 6 * HOUR })).toEqual([DAY, 'ttl']);
  });

  it('backs off from failures as any feed does', () => {
    expect(plan({ websubSeconds: 6 * HOUR, consecutiveFailures: 1 })).toEqual([900, 'backoff']);
  });
});

describe('planNextFetch after failures', () => {
  it('retries at the usual interval, then doubles per consecutive failure', () => {
    const plans = [1, 2, 3, 4, 5].map((consecutiveFailures) => plan({ consecutiveFailures }));
    expect(plans).toEqual([900, 1_800, 3_600, 7_200, 14_400].map((seconds) => [seconds, 'backoff']));
  });

  it('backs off from the user interval when one is set', () => {
    expect(plan({ requestedSeconds: 120, consecutiveFailures: 3 })).toEqual([480, 'backoff']);
  });

  it('stops growing at the maximum, even after very many failures', () => {
    expect(plan({ consecutiveFailures: 10 })[0]).toBe(DAY);
    expect(plan({ consecutiveFailures: 5_000 })[0]).toBe(DAY);
  });

  it('honours a Retry-After longer than the backoff, keeps the backoff when it is longer', () => {
    expect(plan({ consecutiveFailures: 1, retryAfterSeconds: 10_000 })).toEqual([10_000, 'retry-after']);
    expect(plan({ consecutiveFailures: 4, retryAfterSeconds: 60 })).toEqual([7_200, 'backoff']);
  });
});

describe('planNextFetch jitter', () => {
  it('lands a daily feed within five minutes of its interval, never later', () => {
    const daily = { publishingSeconds: publishing(DAY) };
    const delays = Array.from({ length: 500 }, () => delay({ ...daily, random: Math.random }));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(DAY / 2 - 300);
    expect(Math.max(...delays)).toBeLessThanOrEqual(DAY / 2);
  });

  it('spreads many feeds due at the same moment over 5% of a short interval', () => {
    const delays = Array.from({ length: 1_000 }, () => delay({ random: Math.random }));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(855);
    expect(Math.max(...delays)).toBeLessThanOrEqual(900);
    // Every tenth of the window gets some of them.
    expect(new Set(delays.map((d) => Math.min(9, Math.floor((d - 855) / 4.5)))).size).toBe(10);
  });

  it('never lands before what a server asked, nor past the maximum', () => {
    expect(delay({ retryAfterSeconds: 7_200, random: () => 0 })).toBe(7_200);
    expect(delay({ retryAfterSeconds: 7_200, random: () => 1 })).toBe(7_500);
    expect(delay({ ttlSeconds: HOUR, random: () => 1 })).toBe(HOUR + 180);
    expect(delay({ ttlSeconds: 30 * DAY, random: () => 1 })).toBe(DAY);
  });

  it('never jitters below the minimum', () => {
    expect(delay({ publishingSeconds: 1, random: () => 1 })).toBe(60);
  });
});

describe('what servers say', () => {
  it('reads Cache-Control max-age first, then Expires against the Date header', () => {
    expect(freshnessSeconds({ 'cache-control': 'public, max-age=600', expires: 'Wed, 01 May 2024 13:00:00 GMT' }, NOW)).toBe(600);
    expect(freshnessSeconds({ expires: 'Wed, 01 May 2024 14:00:00 GMT', date: 'Wed, 01 May 2024 13:00:00 GMT' }, NOW)).toBe(HOUR);
    expect(freshnessSeconds({ expires: 'Wed, 01 May 2024 14:00:00 GMT' }, NOW)).toBe(2 * HOUR);
    expect(freshnessSeconds({ expires: 'soon' }, NOW)).toBeNull();
    expect(freshnessSeconds({ expires: 'Wed, 01 May 2024 11:00:00 GMT' }, NOW)).toBe(0);
    expect(freshnessSeconds({}, NOW)).toBeNull();
  });

  it('reads Retry-After as seconds or a date', () => {
    expect(retryAfterSeconds({ 'retry-after': '120' }, NOW)).toBe(120);
    expect(retryAfterSeconds({ 'retry-after': 'Wed, 01 May 2024 12:10:00 GMT' }, NOW)).toBe(600);
    expect(retryAfterSeconds({}, NOW)).toBeNull();
  });
});

describe('planNextFetch bounds', () => {
  const seconds = fc.option(fc.integer({ min: 0, max: 400 * DAY }), { nil: null });

  it('always lands within [min, max] and never before a server hint allows', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: DAY }),
        fc.integer({ min: 0, max: 30 * DAY }),
        seconds,
        seconds,
        fc.record({ ttl: seconds, fresh: seconds, retryAfter: seconds, websub: seconds }),
        fc.integer({ min: 0, max: 200 }),
        fc.constantFrom('adaptive', 'fixed'),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (minSeconds, span, requestedSeconds, publishingSeconds, hints, consecutiveFailures, mode, share) => {
          const maxSeconds = minSeconds + span;
          const result = planNextFetch(
            schedule({
              minSeconds,
              maxSeconds,
              defaultSeconds: Math.min(maxSeconds, Math.max(minSeconds, 900)),
              mode,
              requestedSeconds,
              publishingSeconds,
              ttlSeconds: hints.ttl,
              freshSeconds: hints.fresh,
              retryAfterSeconds: hints.retryAfter,
              websubSeconds: hints.websub,
              consecutiveFailures,
              random: () => share,
            }),
          );
          const wait = (result.at.getTime() - NOW.getTime()) / 1000;
          // Rounding to whole milliseconds may cross a bound by half a millisecond.
          expect(wait).toBeGreaterThanOrEqual(minSeconds - 0.001);
          expect(wait).toBeLessThanOrEqual(maxSeconds + 0.001);
          expect(result.seconds).toBeGreaterThanOrEqual(minSeconds);
          expect(result.seconds).toBeLessThanOrEqual(maxSeconds);
          expect(Math.abs(wait - result.seconds)).toBeLessThanOrEqual(300.001);
          const retryAfter = Math.min(hints.retryAfter ?? 0, maxSeconds);
          expect(wait).toBeGreaterThanOrEqual(retryAfter - 0.001);
        },
      ),
      { numRuns: 2_000 },
    );
  });
});

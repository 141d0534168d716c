import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextFetchAt, publishingIntervalSeconds, type ScheduleInput } from '../../src/schedule/next-fetch.js';

const NOW = new Date('2024-05-01T12:00:00.000Z');
const HOUR = 3_600;
const DAY = 86_400;
// random() = 0.5 puts the result in the middle of the jitter window, i.e. on the target itself.
const MIDDLE = () => 0.5;

function schedule(overrides: Partial<ScheduleInput> = {}): ScheduleInput {
  return {
    now: NOW,
    minSeconds: 60,
    maxSeconds: DAY,
    defaultSeconds: 900,
    requestedSeconds: null,
    itemDates: [],
    ttlSeconds: null,
    maxAgeSeconds: null,
    retryAfterSeconds: null,
    consecutiveFailures: 0,
    random: MIDDLE,
    ...overrides,
  };
}

/** Seconds from NOW to the next fetch. */
function delay(overrides: Partial<ScheduleInput> = {}): number {
  return (nextFetchAt(schedule(overrides)).getTime() - NOW.getTime()) / 1000;
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

describe('nextFetchAt after a success', () => {
  it('polls an hourly feed every half hour', () => {
    expect(delay({ itemDates: everyNSeconds(HOUR) })).toBe(HOUR / 2);
  });

  it('polls a daily feed every twelve hours', () => {
    expect(delay({ itemDates: everyNSeconds(DAY) })).toBe(DAY / 2);
  });

  it('uses the default interval when the items carry no dates', () => {
    expect(delay({ itemDates: [null, null, null] })).toBe(900);
    expect(delay({ itemDates: [] })).toBe(900);
  });

  it('keeps a busy feed at the minimum and a quiet feed at the maximum', () => {
    expect(delay({ itemDates: everyNSeconds(10) })).toBe(60);
    expect(delay({ itemDates: everyNSeconds(30 * DAY) })).toBe(DAY);
  });

  it('treats a user interval as a ceiling: a quiet feed is still polled as often as asked', () => {
    expect(delay({ requestedSeconds: 1_800, itemDates: everyNSeconds(DAY) })).toBe(1_800);
    expect(delay({ requestedSeconds: 1_800, itemDates: [] })).toBe(1_800);
  });

  it('polls a busy feed more often than the user interval', () => {
    expect(delay({ requestedSeconds: 4 * HOUR, itemDates: everyNSeconds(HOUR) })).toBe(HOUR / 2);
  });

  it('holds a user interval within the configured bounds', () => {
    expect(delay({ requestedSeconds: 5 })).toBe(60);
    expect(delay({ requestedSeconds: 7 * DAY })).toBe(DAY);
  });

  it('waits at least as long as <ttl> says', () => {
    expect(delay({ itemDates: everyNSeconds(HOUR), ttlSeconds: 3 * HOUR })).toBe(3 * HOUR);
  });

  it('waits at least as long as Cache-Control max-age says', () => {
    expect(delay({ itemDates: everyNSeconds(600), maxAgeSeconds: 1_200 })).toBe(1_200);
  });

  it('waits at least as long as Retry-After says', () => {
    expect(delay({ retryAfterSeconds: 7_200 })).toBe(7_200);
  });

  it('takes the longest of ttl, max-age and Retry-After', () => {
    expect(delay({ ttlSeconds: 600, maxAgeSeconds: 5_000, retryAfterSeconds: 3_000 })).toBe(5_000);
  });

  it('lets server hints lengthen, never shorten, the interval', () => {
    expect(delay({ itemDates: everyNSeconds(DAY), ttlSeconds: 60, maxAgeSeconds: 0 })).toBe(DAY / 2);
  });

  it('caps server hints at the maximum', () => {
    expect(delay({ ttlSeconds: 30 * DAY })).toBe(DAY);
    expect(delay({ retryAfterSeconds: 365 * DAY })).toBe(DAY);
  });

  it('counts from the given now', () => {
    const at = nextFetchAt(schedule({ now: new Date('2030-01-01T00:00:00Z') }));
    expect(at.toISOString()).toBe('2030-01-01T00:15:00.000Z');
  });
});

describe('nextFetchAt after failures', () => {
  it('retries at the usual interval, then doubles per consecutive failure', () => {
    const delays = [1, 2, 3, 4, 5].map((consecutiveFailures) => delay({ consecutiveFailures }));
    expect(delays).toEqual([900, 1_800, 3_600, 7_200, 14_400]);
  });

  it('backs off from the user interval when one is set', () => {
    expect(delay({ requestedSeconds: 120, consecutiveFailures: 3 })).toBe(480);
  });

  it('stops growing at the maximum, even after very many failures', () => {
    expect(delay({ consecutiveFailures: 10 })).toBe(DAY);
    expect(delay({ consecutiveFailures: 5_000 })).toBe(DAY);
  });

  it('honours a Retry-After longer than the backoff', () => {
    expect(delay({ consecutiveFailures: 1, retryAfterSeconds: 10_000 })).toBe(10_000);
  });

  it('keeps the longer backoff when Retry-After is shorter', () => {
    expect(delay({ consecutiveFailures: 4, retryAfterSeconds: 60 })).toBe(7_200);
  });
});

describe('nextFetchAt jitter', () => {
  it('spreads ±10% around the target', () => {
    expect(delay({ random: () => 0 })).toBe(810);
    expect(delay({ random: () => 1 })).toBe(990);
  });

  it('spreads many feeds due at the same moment over the window', () => {
    const delays = Array.from({ length: 1_000 }, () => delay({ random: Math.random }));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(810);
    expect(Math.max(...delays)).toBeLessThanOrEqual(990);
    // Every tenth of the window gets some of them.
    expect(new Set(delays.map((d) => Math.min(9, Math.floor((d - 810) / 18)))).size).toBe(10);
  });

  it('never jitters below a server hint or above the maximum', () => {
    expect(delay({ retryAfterSeconds: 7_200, random: () => 0 })).toBe(7_200);
    expect(delay({ retryAfterSeconds: 7_200, random: () => 1 })).toBe(7_920);
    expect(delay({ itemDates: everyNSeconds(30 * DAY), random: () => 1 })).toBe(DAY);
    expect(delay({ itemDates: everyNSeconds(30 * DAY), random: () => 0 })).toBe(0.9 * DAY);
  });

  it('never jitters below the minimum', () => {
    expect(delay({ itemDates: everyNSeconds(1), random: () => 0 })).toBe(60);
  });
});

describe('nextFetchAt bounds', () => {
  const seconds = fc.option(fc.integer({ min: 0, max: 400 * DAY }), { nil: null });

  it('always lands within [min, max] and never before a server hint allows', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: DAY }),
        fc.integer({ min: 0, max: 30 * DAY }),
        seconds,
        fc.array(fc.option(fc.date({ min: new Date('2000-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }), { nil: null }), {
          maxLength: 40,
        }),
        fc.record({ ttl: seconds, maxAge: seconds, retryAfter: seconds }),
        fc.integer({ min: 0, max: 200 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (minSeconds, span, requestedSeconds, dates, hints, consecutiveFailures, share) => {
          const maxSeconds = minSeconds + span;
          const input = schedule({
            minSeconds,
            maxSeconds,
            defaultSeconds: Math.min(maxSeconds, Math.max(minSeconds, 900)),
            requestedSeconds,
            itemDates: dates.map((d) => (d === null ? null : d.toISOString())),
            ttlSeconds: hints.ttl,
            maxAgeSeconds: hints.maxAge,
            retryAfterSeconds: hints.retryAfter,
            consecutiveFailures,
            random: () => share,
          });
          const wait = (nextFetchAt(input).getTime() - NOW.getTime()) / 1000;
          // Rounding to whole milliseconds may cross a bound by half a millisecond.
          expect(wait).toBeGreaterThanOrEqual(minSeconds - 0.001);
          expect(wait).toBeLessThanOrEqual(maxSeconds + 0.001);
          const hint = Math.min(Math.max(hints.ttl ?? 0, hints.maxAge ?? 0, hints.retryAfter ?? 0), maxSeconds);
          expect(wait).toBeGreaterThanOrEqual(hint - 0.001);
        },
      ),
      { numRuns: 2_000 },
    );
  });
});

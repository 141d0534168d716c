/**
 * The schedule decision after one fetch of a stored feed: what the response
 * and the document said, merged with what the feed remembers (a 304 carries
 * no document, so the last document's <ttl> and publishing pattern stand).
 */
import type { Config } from '../../config/index.js';
import type { FeedFetchState, ScheduleDecision } from '../store/types.js';
import { freshnessSeconds, planNextFetch, publishingIntervalSeconds, retryAfterSeconds } from './next-fetch.js';

export type ScheduleConfig = Pick<Config, 'minPollSeconds' | 'maxPollSeconds' | 'defaultPollSeconds' | 'websubPollSeconds'>;

export type FetchObservation =
  | { outcome: 'ok'; headers: Record<string, string>; itemDates: (string | null)[]; ttlSeconds: number | null }
  | { outcome: 'not_modified'; headers: Record<string, string> }
  | { outcome: 'error'; retryAfterSeconds: number | null };

export interface ScheduleAfterFetch extends ScheduleDecision {
  /** To store with the feed, for the next 304. */
  declaredTtlSeconds: number | null;
  publishingSeconds: number | null;
}

export function scheduleAfterFetch(
  config: ScheduleConfig,
  state: FeedFetchState,
  observation: FetchObservation,
  now: Date,
  random?: () => number,
): ScheduleAfterFetch {
  const fresh = observation.outcome === 'error' ? null : observation.headers;
  const declaredTtlSeconds = observation.outcome === 'ok' ? observation.ttlSeconds : state.declaredTtlSeconds;
  const publishingSeconds =
    observation.outcome === 'ok' ? (publishingIntervalSeconds(observation.itemDates, now) ?? state.publishingSeconds) : state.publishingSeconds;
  const plan = planNextFetch({
    now,
    minSeconds: config.minPollSeconds,
    maxSeconds: config.maxPollSeconds,
    defaultSeconds: config.defaultPollSeconds,
    mode: state.feed.schedule,
    requestedSeconds: state.requestedPollSeconds,
    publishingSeconds,
    ttlSeconds: declaredTtlSeconds,
    freshSeconds: fresh === null ? null : freshnessSeconds(fresh, now),
    retryAfterSeconds: observation.outcome === 'error' ? observation.retryAfterSeconds : retryAfterSeconds(observation.headers, now),
    consecutiveFailures: observation.outcome === 'error' ? state.feed.consecutiveFailures + 1 : 0,
    websubSeconds: state.feed.websub.status === 'subscribed' ? config.websubPollSeconds : null,
    ...(random ? { random } : {}),
  });
  return {
    nextFetchAt: plan.at,
    effectivePollSeconds: plan.seconds,
    scheduleReason: plan.reason,
    declaredTtlSeconds,
    publishingSeconds,
  };
}

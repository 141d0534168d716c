/**
 * The schedule policy for what users change: which intervals a user may ask
 * for, and how a change of a feed moves its next fetch. What a fetch decides
 * is in after-fetch.ts, the arithmetic in next-fetch.ts.
 */
import type { Config } from '../../config/index.js';
import { FeedloomError } from '../core/errors.js';
import type { Feed, ScheduleMode } from '../core/model.js';

export type SchedulePolicy = Pick<Config, 'minPollSeconds' | 'maxPollSeconds' | 'defaultPollSeconds'>;

/** A user's pollIntervalSeconds must lie within the operator's bounds. */
export function checkPollInterval(seconds: number | null | undefined, policy: Pick<SchedulePolicy, 'minPollSeconds' | 'maxPollSeconds'>): void {
  if (seconds === undefined || seconds === null) return;
  if (seconds < policy.minPollSeconds || seconds > policy.maxPollSeconds) {
    throw new FeedloomError(
      'INVALID_POLL_INTERVAL',
      `pollIntervalSeconds must be from ${policy.minPollSeconds} to ${policy.maxPollSeconds}, got ${seconds}`,
    );
  }
}

/**
 * When the next fetch should happen after a change of the feed: at once for a
 * feed coming back from a pause, else one (new) interval after the last fetch.
 * Null leaves the schedule alone.
 */
export function rescheduleAfterChange(
  feed: Pick<Feed, 'status' | 'lastFetchedAt' | 'pollIntervalSeconds'>,
  change: { status?: 'active' | 'paused'; pollIntervalSeconds?: number | null; schedule?: ScheduleMode },
  now: Date,
  policy: Pick<SchedulePolicy, 'defaultPollSeconds'>,
): Date | null {
  if (change.status === 'paused') return null;
  if (change.status === 'active' && feed.status !== 'active') return now;
  if (change.pollIntervalSeconds === undefined && change.schedule === undefined) return null;
  // Until the next fetch decides again, the plan is the (new) interval the user asked for.
  const requested = change.pollIntervalSeconds === undefined ? feed.pollIntervalSeconds : change.pollIntervalSeconds;
  const seconds = requested ?? policy.defaultPollSeconds;
  const from = feed.lastFetchedAt === null ? now.getTime() : Date.parse(feed.lastFetchedAt);
  return new Date(Math.max(now.getTime(), from + seconds * 1000));
}

/**
 * The subscriber side of WebSub (W3C Recommendation): subscribing a feed to
 * the hub it names, renewing the lease before it ends, and giving up to plain
 * polling when the hub refuses, never verifies or lets the lease run out.
 * The hub's calls (verification of intent, notifications) arrive at the
 * callback route, `PUBLIC_URL/websub/<feedId>`.
 */
import { randomBytes } from 'node:crypto';
import type { Config } from '../../config/index.js';
import { errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { HttpClient } from '../fetch/http-client.js';
import type { Store } from '../store/types.js';
import type { HubDiscovery } from './discovery.js';

export interface WebSubDeps {
  config: Pick<Config, 'publicUrl' | 'fetchTimeoutMs' | 'websubLeaseSeconds'>;
  store: Pick<Store, 'websub'>;
  http: Pick<HttpClient, 'post'>;
  log: Logger;
}

/** A lease is renewed when less than this is left (or at once, for leases shorter than this). */
export const RENEW_MARGIN_MS = 60 * 60 * 1000;
/** A hub that has not verified a request after this long is taken as failed. */
export const VERIFY_TIMEOUT_MS = 60 * 60 * 1000;
/** A failed subscription is tried again on the first successful fetch after this long. */
export const RETRY_FAILED_MS = 24 * 60 * 60 * 1000;
/** Subscriptions renewed or expired per maintenance pass; the rest wait for the next one. */
const MAINTENANCE_BATCH = 100;

export function callbackUrl(publicUrl: string, feedId: string): string {
  return `${publicUrl}/websub/${encodeURIComponent(feedId)}`;
}

/** Asks the hub to (re)subscribe the feed. The hub answers 202 and verifies by calling the callback. */
export async function requestSubscription(deps: WebSubDeps, feedId: string, target: HubDiscovery, now: Date): Promise<boolean> {
  const publicUrl = deps.config.publicUrl;
  if (publicUrl === null) return false;
  const log = deps.log.child({ feedId, hub: target.hub });
  const current = await deps.store.websub.get(feedId);
  // A renewal with the same hub keeps the secret, so notifications in flight still verify.
  const secret = current?.hub === target.hub && current.secret !== null ? current.secret : randomBytes(32).toString('hex');
  // Stored before asking: the hub may call back before its answer to us arrives.
  await deps.store.websub.markRequested(feedId, { hub: target.hub, topic: target.topic, secret, at: now });
  const form = new URLSearchParams({
    'hub.mode': 'subscribe',
    'hub.topic': target.topic,
    'hub.callback': callbackUrl(publicUrl, feedId),
    'hub.lease_seconds': String(deps.config.websubLeaseSeconds),
    'hub.secret': secret,
  });
  try {
    const answer = await deps.http.post(target.hub, {
      body: form.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      timeoutMs: deps.config.fetchTimeoutMs,
    });
    if (answer.status >= 200 && answer.status < 300) {
      log.info({ topic: target.topic }, 'websub subscription requested');
      return true;
    }
    const reason = `hub answered ${answer.status}${answer.bodyText ? `: ${answer.bodyText.slice(0, 200)}` : ''}`;
    await deps.store.websub.markFailed(feedId, reason, now);
    log.warn({ reason }, 'websub subscription refused; polling instead');
  } catch (err) {
    const reason = `hub unreachable: ${errorMessage(err)}`;
    await deps.store.websub.markFailed(feedId, reason, now);
    log.warn({ reason }, 'websub subscription failed; polling instead');
  }
  return false;
}

/**
 * After a successful fetch: subscribe when the feed names a hub we are not
 * subscribed to (new, changed, or failed long enough ago), forget the hub when
 * the feed no longer names one. Never throws: pushes are a bonus over polling.
 */
export async function subscribeAfterFetch(deps: WebSubDeps, feedId: string, found: HubDiscovery | null, now: Date): Promise<void> {
  if (deps.config.publicUrl === null) return;
  try {
    const current = await deps.store.websub.get(feedId);
    if (current === null) return;
    if (found === null) {
      if (current.hub !== null) await deps.store.websub.clear(feedId);
      return;
    }
    const sameTarget = current.hub === found.hub && current.topic === found.topic;
    const retryDue = current.status === 'failed' && (current.requestedAt === null || now.getTime() - Date.parse(current.requestedAt) >= RETRY_FAILED_MS);
    if (sameTarget && current.status !== 'none' && !retryDue) return;
    await requestSubscription(deps, feedId, found, now);
  } catch (err) {
    deps.log.warn({ feedId, err: errorMessage(err) }, 'websub subscription step failed');
  }
}

export interface MaintenanceResult {
  renewed: number;
  failed: number;
}

/** Renews leases that end soon and gives up on requests the hub never verified. */
export async function maintainSubscriptions(deps: WebSubDeps, now: Date): Promise<MaintenanceResult> {
  if (deps.config.publicUrl === null) return { renewed: 0, failed: 0 };
  let failed = 0;
  for (const feedId of await deps.store.websub.unverifiedSince(new Date(now.getTime() - VERIFY_TIMEOUT_MS), MAINTENANCE_BATCH)) {
    await deps.store.websub.markFailed(feedId, 'the hub did not verify the subscription', now);
    failed += 1;
  }
  let renewed = 0;
  for (const feedId of await deps.store.websub.leasesEndingBefore(new Date(now.getTime() + RENEW_MARGIN_MS), MAINTENANCE_BATCH)) {
    const current = await deps.store.websub.get(feedId);
    if (current?.hub == null || current.topic === null) continue;
    if (current.leaseExpiresAt !== null && Date.parse(current.leaseExpiresAt) <= now.getTime()) {
      // Too late to renew quietly: poll meanwhile, and subscribe again.
      await deps.store.websub.markFailed(feedId, 'the lease ended before it was renewed', now);
      failed += 1;
    }
    if (await requestSubscription(deps, feedId, { hub: current.hub, topic: current.topic }, now)) renewed += 1;
  }
  return { renewed, failed };
}

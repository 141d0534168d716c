/**
 * A feed's WebSub subscription, kept on its row. `websub_requested_at` set
 * means we asked the hub and await its verification of intent (a first
 * subscription is `pending`, a renewal stays `subscribed` meanwhile); after
 * a failure it keeps the time of the attempt, so retries can be spaced.
 */
import { sql } from 'kysely';
import type { StoreContext } from './context.js';
import type { Store, WebSubStatus } from './types.js';
import { countsByStatus, iso } from './values.js';

const WEBSUB_STATUSES: readonly WebSubStatus[] = ['none', 'pending', 'subscribed', 'failed'];

/** A feed's WebSub columns when it has no subscription: a new feed, and one whose subscription is cleared. */
export const NO_WEBSUB_SUBSCRIPTION = {
  websub_hub: null,
  websub_topic: null,
  websub_status: 'none',
  websub_secret: null,
  websub_lease_expires_at: null,
  websub_requested_at: null,
  websub_error: null,
} as const;

export interface WebSubRecord {
  feedId: string;
  hub: string | null;
  topic: string | null;
  status: WebSubStatus;
  /** The HMAC secret of the subscription, opened (sealed at rest). */
  secret: string | null;
  leaseExpiresAt: string | null;
  requestedAt: string | null;
  error: string | null;
}

export function websubStore(ctx: StoreContext): Store['websub'] {
  const { db } = ctx;

  return {
    async get(feedId: string): Promise<WebSubRecord | null> {
      const row = await db
        .selectFrom('feeds')
        .select(['id', 'websub_hub', 'websub_topic', 'websub_status', 'websub_secret', 'websub_lease_expires_at', 'websub_requested_at', 'websub_error'])
        .where('id', '=', feedId)
        .executeTakeFirst();
      if (!row) return null;
      return {
        feedId: row.id,
        hub: row.websub_hub,
        topic: row.websub_topic,
        status: row.websub_status as WebSubStatus,
        secret: row.websub_secret === null ? null : ctx.secrets.open(row.websub_secret),
        leaseExpiresAt: row.websub_lease_expires_at,
        requestedAt: row.websub_requested_at,
        error: row.websub_error,
      };
    },

    async markRequested(feedId, request): Promise<void> {
      await db
        .updateTable('feeds')
        .set({
          websub_hub: request.hub,
          websub_topic: request.topic,
          websub_secret: ctx.secrets.seal(request.secret),
          // A renewal of a live subscription stays subscribed until the hub answers.
          websub_status: sql<string>`case when websub_status = 'subscribed' and websub_hub = ${request.hub} then 'subscribed' else 'pending' end`,
          websub_requested_at: iso(request.at),
          websub_error: null,
        })
        .where('id', '=', feedId)
        .execute();
    },

    async markVerified(feedId, leaseExpiresAt): Promise<void> {
      await db
        .updateTable('feeds')
        .set({ websub_status: 'subscribed', websub_lease_expires_at: iso(leaseExpiresAt), websub_requested_at: null, websub_error: null })
        .where('id', '=', feedId)
        .execute();
    },

    async markFailed(feedId, error, now): Promise<void> {
      const at = iso(now);
      await db
        .updateTable('feeds')
        .set({
          websub_status: 'failed',
          websub_error: error.slice(0, 1_000),
          websub_lease_expires_at: null,
          // Back to polling: a feed that waited for pushes is due now.
          next_fetch_at: sql<string>`case when next_fetch_at is not null and next_fetch_at > ${at} then ${at} else next_fetch_at end`,
        })
        .where('id', '=', feedId)
        .execute();
    },

    async clear(feedId): Promise<void> {
      await db
        .updateTable('feeds')
        .set(NO_WEBSUB_SUBSCRIPTION)
        .where('id', '=', feedId)
        .execute();
    },

    async leasesEndingBefore(before: Date, limit: number): Promise<string[]> {
      const rows = await db
        .selectFrom('feeds')
        .select('id')
        .where('websub_status', '=', 'subscribed')
        .where('websub_requested_at', 'is', null)
        .where('websub_lease_expires_at', '<', iso(before))
        .orderBy('websub_lease_expires_at')
        .limit(limit)
        .execute();
      return rows.map((row) => row.id);
    },

    async unverifiedSince(before: Date, limit: number): Promise<string[]> {
      const rows = await db
        .selectFrom('feeds')
        .select('id')
        .where('websub_status', 'in', ['pending', 'subscribed'])
        .where('websub_requested_at', '<', iso(before))
        .limit(limit)
        .execute();
      return rows.map((row) => row.id);
    },

    async countByStatus(): Promise<Record<WebSubStatus, number>> {
      const rows = await db
        .selectFrom('feeds')
        .select((eb) => ['websub_status as status', eb.fn.countAll<string | number>().as('count')])
        .groupBy('websub_status')
        .execute();
      return countsByStatus(WEBSUB_STATUSES, rows);
    },
  };
}

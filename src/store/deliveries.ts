/** Webhook deliveries: their pages, the deliver worker's job and attempts, and the reconciler's due list. */
import type { Kysely } from 'kysely';
import type { Article } from '../core/model.js';
import { selectArticles, toArticle } from './article-rows.js';
import { coalescedWrites } from './coalesced-writes.js';
import type { StoreContext } from './context.js';
import { decodeCursor, toPage } from './cursor.js';
import type { Database } from './schema.js';
import type { AttemptResult, Delivery, DeliveryJob, DeliveryStatus, Page, Store } from './types.js';
import { countsByStatus, iso } from './values.js';
import { toDelivery, toWebhookWithSecret } from './webhook-rows.js';
import { pauseWebhookDeliveries } from './webhooks.js';

const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['pending', 'succeeded', 'failed', 'paused'];

export function deliveryStore(ctx: StoreContext): Store['deliveries'] {
  const { db } = ctx;

  async function get(id: string): Promise<Delivery | null> {
    const row = await db.selectFrom('deliveries').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toDelivery(row) : null;
  }

  /** The webhook deliveries among `ids` with their webhook and article, in the order asked; others (a destination's, gone) are left out. */
  async function loadJobs(ids: readonly string[], known: ReadonlyMap<string, Article> = new Map()): Promise<DeliveryJob[]> {
    if (ids.length === 0) return [];
    const deliveries = await db.selectFrom('deliveries').selectAll().where('id', 'in', ids).execute();
    // A destination's delivery is loaded by destinations.loadDeliveryJob.
    const forWebhooks = deliveries.filter((row) => row.webhook_id !== null);
    if (forWebhooks.length === 0) return [];
    const unknown = [...new Set(forWebhooks.map((row) => row.article_id))].filter((id) => !known.has(id));
    const [webhooks, articles] = await Promise.all([
      db.selectFrom('webhooks').selectAll().where('id', 'in', [...new Set(forWebhooks.map((row) => row.webhook_id!))]).execute(),
      unknown.length === 0 ? [] : selectArticles(db).where('articles.id', 'in', unknown).execute(),
    ]);
    const now = new Date();
    const webhookById = new Map(webhooks.map((row) => [row.id, toWebhookWithSecret(row, now, ctx.secrets)]));
    const articleById = new Map([...known, ...articles.map((row) => [row.id, toArticle(row)] as const)]);
    const byId = new Map(forWebhooks.map((row) => [row.id, row]));
    return ids.flatMap((id) => {
      const delivery = byId.get(id);
      const webhook = delivery && webhookById.get(delivery.webhook_id!);
      const article = delivery && articleById.get(delivery.article_id);
      return delivery && webhook && article ? [{ delivery: toDelivery(delivery), webhook, article }] : [];
    });
  }

  /** One attempt's row update (and a 410's disabling of the subscription), in the caller's transaction. */
  async function recordIn(trx: Kysely<Database>, id: string, result: AttemptResult): Promise<Delivery | null> {
    const at = iso(result.at);
    // A 410 disables the subscription: this delivery waits with the others for it to be re-enabled.
    const status: DeliveryStatus = result.ok ? 'succeeded' : result.disableWebhook ? 'paused' : result.nextAttemptAt ? 'pending' : 'failed';
    const row = await trx
      .updateTable('deliveries')
      .set((eb) => ({
        attempts: eb('attempts', '+', 1),
        status,
        last_status: result.httpStatus,
        last_error: result.error, // on success: null, or a warning (a featured image that could not be had)
        next_attempt_at: status === 'pending' && result.nextAttemptAt ? iso(result.nextAttemptAt) : null,
        ...(result.remote ? { remote_id: result.remote.id, remote_url: result.remote.url } : {}),
        updated_at: at,
      }))
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    if (!row) return null;
    if (result.disableWebhook && row.webhook_id !== null) {
      await trx
        .updateTable('webhooks')
        .set({ active: 0, disabled_reason: `the subscriber answered ${result.httpStatus ?? 410} Gone at ${at}` })
        .where('id', '=', row.webhook_id)
        .execute();
      await pauseWebhookDeliveries(trx, row.webhook_id, at);
    }
    return toDelivery(row);
  }

  // Attempts end many at a time under load; each used to pay a transaction (a commit) of its own.
  const writeWithOthers = coalescedWrites(ctx.write);

  return {
    get,

    async list(webhookId, query): Promise<Page<Delivery>> {
      const before = query.cursor ? decodeCursor(query.cursor) : null;
      let select = db.selectFrom('deliveries').selectAll().where('webhook_id', '=', webhookId);
      if (query.status) select = select.where('status', '=', query.status);
      if (before) {
        select = select.where(({ eb, refTuple, tuple }) => eb(refTuple('created_at', 'id'), '<', tuple(before.at, before.id)));
      }
      const rows = await select.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.limit + 1).execute();
      return toPage(rows, query.limit, (row) => ({ at: row.created_at, id: row.id }), toDelivery);
    },

    async loadJob(id: string): Promise<DeliveryJob | null> {
      return (await loadJobs([id]))[0] ?? null;
    },

    loadJobs,

    recordAttempt: (id, result) => writeWithOthers((trx) => recordIn(trx, id, result)),

    async extendLease(id: string, until: Date): Promise<void> {
      // Only a delivery still waiting for its first attempt's outcome: a recorded attempt has set its own next time.
      await db
        .updateTable('deliveries')
        .set({ next_attempt_at: iso(until) })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .where('attempts', '=', 0)
        .execute();
    },

    async pause(id: string, now: Date): Promise<boolean> {
      const result = await db
        .updateTable('deliveries')
        .set({ status: 'paused', next_attempt_at: null, updated_at: iso(now) })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async resetForRetry(webhookId: string, deliveryId: string, now: Date): Promise<boolean> {
      // The last error stays visible until the retry's own attempt replaces it.
      const result = await db
        .updateTable('deliveries')
        .set({ status: 'pending', next_attempt_at: iso(now), updated_at: iso(now) })
        .where('id', '=', deliveryId)
        .where('webhook_id', '=', webhookId)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async due(now: Date, limit: number): Promise<string[]> {
      const rows = await db
        .selectFrom('deliveries')
        .leftJoin('webhooks', 'webhooks.id', 'deliveries.webhook_id')
        .leftJoin('destinations', 'destinations.id', 'deliveries.destination_id')
        .select('deliveries.id')
        .where('deliveries.status', '=', 'pending')
        .where('deliveries.next_attempt_at', '<=', iso(now))
        .where((eb) => eb.or([eb('webhooks.active', '=', 1), eb('destinations.enabled', '=', 1)]))
        .orderBy('deliveries.next_attempt_at')
        .orderBy('deliveries.id')
        .limit(limit)
        .execute();
      return rows.map((row) => row.id);
    },

    async countByStatus(): Promise<Record<DeliveryStatus, number>> {
      const rows = await db
        .selectFrom('deliveries')
        .select((eb) => ['status', eb.fn.countAll<string | number>().as('count')])
        .groupBy('status')
        .execute();
      return countsByStatus(DELIVERY_STATUSES, rows);
    },
  };
}

/**
 * Creating the deliveries of one article event, inside the transaction that
 * saved the article, so an announced article always has its deliveries and a
 * re-run finds them already there (unique article+webhook+event+revision).
 */
import type { Kysely } from 'kysely';
import { newId } from './ids.js';
import type { Database } from './schema.js';
import type { WebhookEventName } from './types.js';
import { fromJson } from './values.js';

export interface ArticleEvent {
  articleId: string;
  feedId: string;
  event: WebhookEventName;
  contentHash: string;
  at: string;
  /**
   * When the reconciler may first offer a webhook delivery (default: at once). The worker that saved the
   * article attempts it itself before then; past it, a worker that died mid-attempt is covered.
   */
  firstOfferAt?: string | undefined;
}

/** Returns the ids of the pending deliveries this call created (none for a repeat), to queue. */
export async function createDeliveries(trx: Kysely<Database>, event: ArticleEvent): Promise<string[]> {
  return (await createDeliveriesFor(trx, [event]))[0]!;
}

/** Who gets deliveries: every webhook and enabled destination, with the events and feeds each takes. */
export interface Subscriptions {
  webhookRules: { id: string; active: number; events: string[]; feedIds: string[] | null }[];
  destinationRules: { id: string; feedIds: string[] | null }[];
}

/**
 * Read apart from the inserts so a caller can read them before it takes a
 * lock the inserts need (the ingestion lock, ingest-seq.ts).
 */
export async function readSubscriptions(trx: Kysely<Database>): Promise<Subscriptions> {
  // Subscriptions are few; filtering their JSON lists here keeps the SQL the same on both dialects.
  // Disabled subscriptions get their deliveries too, paused: re-enabling one delivers what it missed.
  const webhooks = await trx.selectFrom('webhooks').select(['id', 'feed_ids', 'events', 'active']).execute();
  const destinations = await trx.selectFrom('destinations').select(['id', 'feed_ids']).where('enabled', '=', 1).execute();
  return {
    webhookRules: webhooks.map((webhook) => ({
      id: webhook.id,
      active: webhook.active,
      events: fromJson<string[]>(webhook.events, 'webhooks.events', webhook.id),
      feedIds: webhook.feed_ids === null ? null : fromJson<string[]>(webhook.feed_ids, 'webhooks.feed_ids', webhook.id),
    })),
    destinationRules: destinations.map((destination) => ({
      id: destination.id,
      feedIds: destination.feed_ids === null ? null : fromJson<string[]>(destination.feed_ids, 'destinations.feed_ids', destination.id),
    })),
  };
}

/**
 * The deliveries of several article events (a batch's new articles): the
 * subscriptions are read once and each kind inserted in one statement, so the
 * batch's write costs the same few round trips whatever its size (`read`:
 * the subscriptions, when the caller read them already). Returns, per event
 * in order, the ids of the pending deliveries it created.
 */
export async function createDeliveriesFor(trx: Kysely<Database>, events: readonly ArticleEvent[], read?: Subscriptions): Promise<string[][]> {
  if (events.length === 0) return [];
  const { webhookRules, destinationRules } = read ?? (await readSubscriptions(trx));
  const toWebhooks = events.flatMap((event) =>
    webhookRules
      .filter((rule) => rule.events.includes(event.event) && (rule.feedIds === null || rule.feedIds.includes(event.feedId)))
      .map((rule) => ({ event, webhook: rule })),
  );
  // A destination gets both events: the first creates the post, later ones update it.
  const toDestinations = events.flatMap((event) =>
    destinationRules.filter((rule) => rule.feedIds === null || rule.feedIds.includes(event.feedId)).map((rule) => ({ event, destinationId: rule.id })),
  );
  const created = [...(await insertWebhookDeliveries(trx, toWebhooks)), ...(await insertDestinationDeliveries(trx, toDestinations))];
  return events.map((event) => created.filter((row) => row.articleId === event.articleId && row.event === event.event).map((row) => row.id));
}

interface CreatedDelivery {
  id: string;
  articleId: string;
  event: string;
}

function deliveryRow(event: ArticleEvent, pending: boolean, nextAttemptAt: string = event.at) {
  return {
    id: newId(),
    article_id: event.articleId,
    event: event.event,
    content_hash: event.contentHash,
    status: pending ? 'pending' : 'paused',
    attempts: 0,
    last_status: null,
    last_error: null,
    next_attempt_at: pending ? nextAttemptAt : null,
    created_at: event.at,
    updated_at: event.at,
  };
}

async function insertWebhookDeliveries(trx: Kysely<Database>, targets: { event: ArticleEvent; webhook: { id: string; active: number } }[]): Promise<CreatedDelivery[]> {
  if (targets.length === 0) return [];
  const rows = await trx
    .insertInto('deliveries')
    .values(targets.map(({ event, webhook }) => ({ ...deliveryRow(event, webhook.active === 1, event.firstOfferAt), webhook_id: webhook.id })))
    .onConflict((oc) => oc.columns(['article_id', 'webhook_id', 'event', 'content_hash']).where('webhook_id', 'is not', null).doNothing())
    .returning(['id', 'status', 'article_id', 'event'])
    .execute();
  return rows.filter((row) => row.status === 'pending').map((row) => ({ id: row.id, articleId: row.article_id, event: row.event }));
}

async function insertDestinationDeliveries(trx: Kysely<Database>, targets: { event: ArticleEvent; destinationId: string }[]): Promise<CreatedDelivery[]> {
  if (targets.length === 0) return [];
  const rows = await trx
    .insertInto('deliveries')
    .values(targets.map(({ event, destinationId }) => ({ ...deliveryRow(event, true), webhook_id: null, destination_id: destinationId })))
    .onConflict((oc) => oc.columns(['article_id', 'destination_id', 'event', 'content_hash']).where('destination_id', 'is not', null).doNothing())
    .returning(['id', 'article_id', 'event'])
    .execute();
  return rows.map((row) => ({ id: row.id, articleId: row.article_id, event: row.event }));
}

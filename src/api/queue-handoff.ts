/**
 * Handing work to the queues from a request. The store is the source of
 * truth and the reconciler re-enqueues whatever is due, so when Redis is down
 * the request still succeeds: the work is late, not lost. Each call gets a
 * deadline so a hanging Redis cannot hold the client.
 */
import type { FastifyBaseLogger } from 'fastify';
import { errorMessage } from '../core/errors.js';
import { withTimeout } from '../core/with-timeout.js';
import { jobIds, type Queues } from '../queue/queues.js';

const QUEUE_DEADLINE_MS = 2_000;

/** Runs `work` against the queues; returns false (and logs) instead of throwing when they are unavailable. */
export async function handOff(log: FastifyBaseLogger, what: string, work: () => Promise<unknown>): Promise<boolean> {
  try {
    await withTimeout(work(), QUEUE_DEADLINE_MS, what);
    return true;
  } catch (err) {
    log.warn({ err: errorMessage(err) }, `${what} failed; the reconciler will pick the work up from the store`);
    return false;
  }
}

/**
 * Queues a delivery again after a retry reset it in the store (webhooks and destinations alike). The job
 * of its last attempt may still exist (kept after failing); under the same id it would block the new one.
 */
export function requeueDelivery(queues: Queues, log: FastifyBaseLogger, deliveryId: string): Promise<boolean> {
  return handOff(log.child({ deliveryId }), 'queueing the delivery', async () => {
    await queues.deliver.remove(jobIds.deliver(deliveryId));
    await queues.enqueueDeliveries([deliveryId]);
  });
}

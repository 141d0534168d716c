/**
 * First attempts of webhook deliveries, made by the process that saved the
 * article, without a queue job. Under load a job per delivery cost more than
 * the delivery: its add, its move to active and to finished in Redis, and
 * three reads of the store to load what the article worker had just written.
 * Here a batch's deliveries are loaded in one go, wait in this process's
 * per-subscriber line, and go out under the same per-subscriber slots as the
 * deliver worker's; only a retry (or a delivery this process cannot take)
 * becomes a deliver job.
 *
 * Nothing is lost if the process dies: the deliveries were saved with their
 * first offer to the reconciler set a short lease ahead (`firstOfferAt`), so
 * the reconciler queues them only if this process did not get to them. A
 * delivery waits here only for the first part of its lease, then goes to the
 * queue; an attempt still under way near the lease's end (a slow subscriber)
 * extends it, so the reconciler never queues a delivery while its attempt
 * may still be running. A crash costs at most a lease of delay.
 */
import type { Article } from '../src/core/model.js';
import { errorMessage } from '../src/core/errors.js';
import type { Logger } from '../src/core/logger.js';
import type { DeliveryJob } from '../src/store/types.js';
import { attemptDelivery } from './deliver.js';
import type { WorkerDeps } from './deps.js';
import { SubscriberSlots } from './subscriber-slots.js';

/**
 * How long the reconciler leaves a fresh delivery to the process that saved it. An attempt starts within the
 * first third of it (else the delivery goes to the queue), and one still under way a third before its end
 * extends it by as much again.
 */
const LEASE_MS = 15_000;
/** Deliveries one subscriber may have waiting here; more (a slow subscriber) go to the queue, where they wait in Redis. */
const MAX_WAITING_PER_SUBSCRIBER = 512;
const SLOT_WAIT_STEP_MS = 1_000;
/** Attempts whose record is still being written, across subscribers; a runner waits before a new request past this. */
const MAX_RECORDING = 64;

/** When the reconciler may first queue the delivery; its creation time when it was saved without a lease. */
function leaseEnd(job: DeliveryJob): number {
  const { nextAttemptAt, createdAt } = job.delivery;
  return nextAttemptAt === null ? Date.parse(createdAt) : Date.parse(nextAttemptAt);
}

export class FirstAttempts {
  readonly slots: SubscriberSlots;
  private readonly waiting = new Map<string, DeliveryJob[]>();
  private readonly runners = new Map<string, number>();
  private readonly running = new Set<Promise<void>>();
  /** Attempts whose request is over and whose record or retry job is still being written. */
  private readonly recording = new Set<Promise<void>>();
  private closed = false;

  /** How long after its save the reconciler may first queue a delivery this process will be offered. */
  readonly leaseMs: number;

  /** `leaseMs`: tests shorten it. */
  constructor(
    private readonly deps: Omit<WorkerDeps, 'firstAttempts'>,
    options: { leaseMs?: number } = {},
  ) {
    this.slots = new SubscriberSlots(deps.config.webhookPerSubscriberConcurrency);
    this.leaseMs = options.leaseMs ?? LEASE_MS;
  }

  /**
   * Takes the deliveries a save created. Webhook deliveries leased to this
   * process wait for their attempt here; the rest (a destination's, or any
   * this process should not hold) are queued at once.
   */
  async offer(deliveryIds: readonly string[], articles?: ReadonlyMap<string, Article>): Promise<void> {
    if (deliveryIds.length === 0) return;
    const jobs = this.closed ? [] : await this.deps.store.deliveries.loadJobs(deliveryIds, articles);
    const taken = new Set<string>();
    for (const job of jobs) {
      const { delivery, webhook } = job;
      const line = this.waiting.get(webhook.id) ?? [];
      // Not pending or not active any more: the deliver worker knows what to do (skip, pause).
      if (delivery.status !== 'pending' || !webhook.active || this.startBy(job) <= Date.now() || line.length >= MAX_WAITING_PER_SUBSCRIBER) continue;
      line.push(job);
      this.waiting.set(webhook.id, line);
      taken.add(delivery.id);
    }
    await this.deps.queues.enqueueDeliveries(deliveryIds.filter((id) => !taken.has(id)));
    for (const webhookId of new Set(jobs.filter((job) => taken.has(job.delivery.id)).map((job) => job.webhook.id))) this.startRunners(webhookId);
  }

  /** The last moment an attempt may start here. */
  private startBy(job: DeliveryJob): number {
    // Saved without a lease (another process's save): the reconciler may queue it any time, so it is not attempted here.
    return leaseEnd(job) - (2 * this.leaseMs) / 3;
  }

  /** Up to the per-subscriber concurrency of runners work through a subscriber's line, oldest first. */
  private startRunners(webhookId: string): void {
    const want = Math.min(this.deps.config.webhookPerSubscriberConcurrency, this.waiting.get(webhookId)?.length ?? 0);
    for (let n = this.runners.get(webhookId) ?? 0; n < want; n += 1) {
      this.runners.set(webhookId, n + 1);
      const runner = this.run(webhookId).finally(() => {
        this.running.delete(runner);
        const left = (this.runners.get(webhookId) ?? 1) - 1;
        if (left > 0) return void this.runners.set(webhookId, left);
        this.runners.delete(webhookId);
        // Offered after this runner found the line empty and before it was counted out: nobody else would start them.
        if ((this.waiting.get(webhookId)?.length ?? 0) > 0 && !this.closed) this.startRunners(webhookId);
        else this.waiting.delete(webhookId);
      });
      this.running.add(runner);
    }
  }

  /**
   * A runner goes on to the next delivery as soon as a request is over: the
   * attempt's record (a store write, queued behind the saves) and a retry's
   * job finish on their own, at most MAX_RECORDING of them at a time. Waiting
   * for each record held every subscriber line to one request per store
   * round trip.
   */
  private async run(webhookId: string): Promise<void> {
    for (let job = this.waiting.get(webhookId)?.shift(); job !== undefined; job = this.closed ? undefined : this.waiting.get(webhookId)?.shift()) {
      const { delivery, webhook, article } = job;
      const log = this.deps.log.child({ deliveryId: delivery.id, url: webhook.url, feedId: article.feedId });
      try {
        while (this.recording.size >= MAX_RECORDING) await Promise.race(this.recording);
        if (!(await this.slot(job))) {
          await this.deps.queues.enqueueDeliveries([delivery.id]);
          continue;
        }
        const stopExtending = this.keepLeased(job, log);
        let sent!: () => void;
        const requestOver = new Promise<void>((resolve) => (sent = resolve));
        const recorded = attemptDelivery(this.deps, job, log, () => {
          stopExtending();
          this.slots.release(webhookId);
          sent();
        })
          .then(async ({ retryAt }) => {
            if (retryAt) await this.deps.queues.enqueueDeliveries([delivery.id], Math.max(0, retryAt.getTime() - Date.now()));
          })
          // The store or Redis failed around the attempt: the lease runs out and the reconciler queues the delivery.
          .catch((err: unknown) => log.warn({ err: errorMessage(err) }, 'first delivery attempt could not be recorded or queued; the reconciler will take it over'))
          .finally(() => {
            this.recording.delete(recorded);
            this.running.delete(recorded);
          });
        this.recording.add(recorded);
        this.running.add(recorded);
        await Promise.race([requestOver, recorded]);
      } catch (err) {
        log.warn({ err: errorMessage(err) }, 'first delivery attempt could not be queued; the reconciler will take it over');
      }
    }
  }

  /**
   * While the attempt runs, the lease is pushed on before it ends: a slow
   * subscriber (up to WEBHOOK_TIMEOUT_MS) must not see the reconciler queue
   * the same delivery beside the attempt.
   */
  private keepLeased(job: DeliveryJob, log: Logger): () => void {
    let timer: NodeJS.Timeout;
    const arm = (until: number): void => {
      timer = setTimeout(() => {
        const next = Date.now() + this.leaseMs;
        this.deps.store.deliveries
          .extendLease(job.delivery.id, new Date(next))
          .catch((err: unknown) => log.warn({ err: errorMessage(err) }, 'could not extend the lease of a delivery under way'));
        arm(next);
      }, Math.max(0, until - this.leaseMs / 3 - Date.now()));
      timer.unref();
    };
    arm(leaseEnd(job));
    return () => clearTimeout(timer);
  }

  /** Waits for the subscriber's slot while the lease allows an attempt, a second at a time so that close() is not held up. */
  private async slot(job: DeliveryJob): Promise<boolean> {
    for (;;) {
      const wait = Math.min(SLOT_WAIT_STEP_MS, this.startBy(job) - Date.now());
      if (wait <= 0 || this.closed) return false;
      if (await this.slots.acquire(job.webhook.id, wait)) return true;
    }
  }

  /** Stops taking deliveries: those still waiting go to the queue, attempts under way end. */
  async close(): Promise<void> {
    this.closed = true;
    const left = [...this.waiting.values()].flat().map((job) => job.delivery.id);
    this.waiting.clear();
    try {
      await this.deps.queues.enqueueDeliveries(left);
    } catch (err) {
      this.deps.log.warn({ deliveries: left.length, err: errorMessage(err) }, 'waiting deliveries could not be queued on shutdown; the reconciler will take them over');
    }
    // A runner that ends adds nothing, but its last attempt's record may have begun after a first look.
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}

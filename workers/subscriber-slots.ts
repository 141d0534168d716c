/**
 * Per-subscriber request slots of one process. A delivery waits a moment for
 * a slot (a healthy subscriber frees one within milliseconds); if none frees
 * in time, the caller gives the job back to the queue instead of holding a
 * worker slot, so a hanging subscriber cannot starve the others.
 */
export class SubscriberSlots {
  private readonly inFlight = new Map<string, number>();
  private readonly waiters = new Map<string, (() => void)[]>();

  constructor(private readonly perSubscriber: number) {}

  /** Resolves true with a slot taken, or false when none freed within `waitMs`. */
  async acquire(subscriber: string, waitMs: number): Promise<boolean> {
    if ((this.inFlight.get(subscriber) ?? 0) < this.perSubscriber) {
      this.inFlight.set(subscriber, (this.inFlight.get(subscriber) ?? 0) + 1);
      return true;
    }
    return new Promise<boolean>((resolve) => {
      const queue = this.waiters.get(subscriber) ?? [];
      this.waiters.set(subscriber, queue);
      const wake = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        const index = queue.indexOf(wake);
        if (index >= 0) queue.splice(index, 1);
        resolve(false);
      }, waitMs);
      queue.push(wake);
    });
  }

  /** Hands the slot to the next waiter, if any (the count stays), else frees it. */
  release(subscriber: string): void {
    const next = this.waiters.get(subscriber)?.shift();
    if (next) return next();
    const left = (this.inFlight.get(subscriber) ?? 1) - 1;
    if (left <= 0) {
      this.inFlight.delete(subscriber);
      this.waiters.delete(subscriber);
    } else {
      this.inFlight.set(subscriber, left);
    }
  }
}

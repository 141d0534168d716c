/**
 * Small writes that arrive together, written together: requests made while a
 * batch is being written (or in the same turn of the event loop) wait for the
 * next batch, so under load one transaction (one commit, one trip to the
 * write lock) carries many of them, and a lone request waits only a turn.
 * Each caller gets its own answer; a batch that fails fails all its callers,
 * as each of their own transactions would have.
 */

/** Bounds how long one batch holds the write lock. */
const MAX_BATCH = 256;

interface Pending<In, Out> {
  input: In;
  resolve: (value: Out) => void;
  reject: (err: unknown) => void;
}

export class CoalescedWrites<In, Out> {
  private queue: Pending<In, Out>[] = [];
  private running = false;

  /** `writeBatch` answers one value per input, in order. */
  constructor(private readonly writeBatch: (inputs: In[]) => Promise<Out[]>) {}

  record(input: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      if (!this.running) {
        this.running = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      try {
        const outputs = await this.writeBatch(batch.map((p) => p.input));
        batch.forEach((p, i) => p.resolve(outputs[i]!));
      } catch (err) {
        for (const p of batch) p.reject(err);
      }
    }
    this.running = false;
  }
}

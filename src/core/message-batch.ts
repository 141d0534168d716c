/**
 * Messages to a thread, posted together once per turn of the event loop.
 * Under load a postMessage cost the sender about 50 µs whatever its size
 * (most of it waking the other thread), and one was made per store call and
 * per answer: the calls and answers of one turn share one message instead.
 */

/**
 * Returns `send(message)`, which queues the message; the queue goes out as one
 * `post(batch)` after this turn's other callbacks (setImmediate). A batch that
 * cannot be cloned is posted again one message at a time, so only the
 * message that cannot be sent goes to `unsendable`.
 */
export function batchedPoster<T>(post: (batch: T[]) => void, unsendable: (message: T, err: unknown) => void): (message: T) => void {
  let queue: T[] = [];
  const flush = (): void => {
    const batch = queue;
    queue = [];
    try {
      post(batch);
      return;
    } catch {
      // One of them is not structured-clone data: find which.
    }
    for (const message of batch) {
      try {
        post([message]);
      } catch (err) {
        unsendable(message, err);
      }
    }
  };
  return (message) => {
    if (queue.length === 0) setImmediate(flush);
    queue.push(message);
  };
}

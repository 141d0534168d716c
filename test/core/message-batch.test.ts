import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { batchedPoster } from '../../src/core/message-batch.js';

/** A real MessagePort pair: what the far end receives, message by message. */
function channel() {
  const { port1, port2 } = new MessageChannel();
  const received: unknown[][] = [];
  port2.on('message', (batch: unknown[]) => received.push(batch));
  return { port1, port2, received, close: () => (port1.close(), port2.close()) };
}

const turn = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('batchedPoster', () => {
  it('sends the messages of one turn as one batch, in order, and a later turn as another', async () => {
    const ch = channel();
    const send = batchedPoster<number>((batch) => ch.port1.postMessage(batch), () => undefined);
    send(1);
    send(2);
    await Promise.resolve();
    send(3);
    await turn();
    send(4);
    await turn();
    expect(ch.received).toEqual([[1, 2, 3], [4]]);
    ch.close();
  });

  it('posts a batch that cannot be cloned again one by one: only the bad message is refused', async () => {
    const ch = channel();
    const refused: unknown[] = [];
    const send = batchedPoster<unknown>((batch) => ch.port1.postMessage(batch), (message, err) => refused.push([message, (err as Error).name]));
    const bad = { run: () => 'not data' };
    send('a');
    send(bad);
    send('b');
    await turn();
    expect(ch.received).toEqual([['a'], ['b']]);
    expect(refused).toEqual([[bad, 'DataCloneError']]);
    ch.close();
  });
});

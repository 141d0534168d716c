import { describe, expect, it } from 'vitest';
import { SubscriberSlots } from '../../workers/subscriber-slots.js';

describe('SubscriberSlots', () => {
  it('gives each subscriber its own slots, and a freed slot to the next waiter', async () => {
    const slots = new SubscriberSlots(2);
    expect(await slots.acquire('a', 10)).toBe(true);
    expect(await slots.acquire('a', 10)).toBe(true);
    // Another subscriber is not held up by a busy one.
    expect(await slots.acquire('b', 10)).toBe(true);

    const waiting = slots.acquire('a', 5_000);
    slots.release('a');
    expect(await waiting).toBe(true);
  });

  it('answers false when no slot frees in time, and the slot count stays right afterwards', async () => {
    const slots = new SubscriberSlots(1);
    expect(await slots.acquire('hang', 10)).toBe(true);
    expect(await slots.acquire('hang', 20)).toBe(false);
    slots.release('hang');
    // The timed-out waiter left the queue: the freed slot is really free.
    expect(await slots.acquire('hang', 10)).toBe(true);
    expect(await slots.acquire('hang', 10)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { newId } from '../../src/store/ids.js';

describe('row ids', () => {
  it('are UUIDv7, all different, in creation order, across many refills of the random pool', () => {
    const ids = Array.from({ length: 20_000 }, () => newId());
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    // The random part differs from id to id (not one pool's bytes repeated).
    expect(new Set(ids.map((id) => id.slice(19))).size).toBe(ids.length);
  });

  it('keep their order within one millisecond and when the clock steps back', () => {
    const now = Date.now() + 60_000;
    const ids = [newId(now), newId(now), newId(now), newId(now - 5_000), newId(now)];
    expect([...ids].sort()).toEqual(ids);
  });
});

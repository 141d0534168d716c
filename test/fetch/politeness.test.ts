import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostLimiter } from '../../src/fetch/host-limiter.js';
import { rejectionOf, startServer, testClient, type LocalServer } from './local-server.js';

describe('per-host concurrency', () => {
  let server: LocalServer;
  let inFlight = 0;
  let peak = 0;

  beforeAll(async () => {
    server = await startServer((_req, res) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      setTimeout(() => {
        inFlight -= 1;
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('ok');
      }, 40);
    });
  });

  afterAll(async () => {
    await server.close();
  });

  it('never has more than perHostConcurrency requests in flight to one host', async () => {
    const client = testClient({ perHostConcurrency: 2, timeoutMs: 5000 });
    try {
      peak = 0;
      const docs = await Promise.all(Array.from({ length: 10 }, (_, i) => client.get(server.url(`/item/${i}`))));
      expect(docs.every((doc) => doc.status === 200)).toBe(true);
      expect(peak).toBe(2);
    } finally {
      await client.close();
    }
  });

  it('uses more than one connection when allowed to', async () => {
    const client = testClient({ perHostConcurrency: 5, timeoutMs: 5000 });
    try {
      peak = 0;
      await Promise.all(Array.from({ length: 10 }, (_, i) => client.get(server.url(`/item/${i}`))));
      expect(peak).toBeGreaterThan(1);
      expect(peak).toBeLessThanOrEqual(5);
    } finally {
      await client.close();
    }
  });

  it('gives the slot back when a request fails', async () => {
    const client = testClient({ perHostConcurrency: 1, allowHosts: [] });
    try {
      // Refused requests must not keep the only slot.
      for (let i = 0; i < 3; i += 1) expect((await rejectionOf(client.get('http://localhost:9/x'))).code).toBe('BLOCKED_ADDRESS');
    } finally {
      await client.close();
    }
  });
});

describe('HostLimiter', () => {
  it('spaces request starts to one host by the minimum gap', async () => {
    const limiter = new HostLimiter(4);
    const starts: number[] = [];
    await Promise.all(
      [0, 1, 2].map(async () => {
        const release = await limiter.acquire('example.com', 60);
        starts.push(performance.now());
        release();
      }),
    );
    expect(starts).toHaveLength(3);
    // Timers may fire a millisecond early; the gap is a lower bound, not a speed claim.
    expect((starts[1] ?? 0) - (starts[0] ?? 0)).toBeGreaterThanOrEqual(55);
    expect((starts[2] ?? 0) - (starts[1] ?? 0)).toBeGreaterThanOrEqual(55);
  });

  it('does not make different hosts wait for each other', async () => {
    const limiter = new HostLimiter(1);
    const first = await limiter.acquire('a.example', 0);
    const second = await limiter.acquire('b.example', 0);
    let thirdGranted = false;
    const third = limiter.acquire('a.example', 0).then((release) => {
      thirdGranted = true;
      return release;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(thirdGranted).toBe(false);
    first();
    (await third)();
    expect(thirdGranted).toBe(true);
    second();
  });

  it('removes an aborted waiter and forgets idle hosts', async () => {
    const limiter = new HostLimiter(1);
    const held = await limiter.acquire('a.example', 0);
    const controller = new AbortController();
    const waiting = limiter.acquire('a.example', 0, controller.signal);
    controller.abort(new Error('gave up'));
    expect((await rejectionOf(waiting)).message).toBe('gave up');
    held();
    held();
    expect(limiter.size).toBe(0);
    const again = await limiter.acquire('a.example', 0);
    again();
    expect(limiter.size).toBe(0);
  });
});

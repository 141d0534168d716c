/**
 * The client's address over a real socket: the rate limit keys clients by
 * the address their connection comes from (each test client binds its own
 * loopback address), and behind a reverse proxy (TRUST_PROXY) by the address
 * the proxy forwards, in the limit and in the request log alike. A header
 * from a peer that is not a trusted proxy changes nothing.
 */
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { collectingLogger } from '../helpers/logs.js';
import { startTestApi, type TestApi } from './harness.js';

interface Answer {
  status: number;
  code: string | null;
}

/** One GET over a fresh connection from `localAddress` (any 127.x address works on Linux without setup). */
function get(port: number, path: string, localAddress: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, localAddress, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, code: res.statusCode === 429 ? (JSON.parse(body) as { code: string }).code : null });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

async function statuses(port: number, count: number, localAddress: string, headers: Record<string, string> = {}): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i += 1) out.push((await get(port, '/docs/json', localAddress, headers)).status);
  return out;
}

describe('client address over a real socket', () => {
  let api: TestApi | undefined;
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  async function listen(env: Record<string, string>, logs = collectingLogger({ level: 'info' })): Promise<number> {
    api = await startTestApi({ env: { RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW_MS: '600000', ...env }, log: logs.log });
    await api.app.listen({ port: 0, host: '127.0.0.1' });
    const address = api.app.server.address();
    if (address === null || typeof address === 'string') throw new Error('not listening on TCP');
    return address.port;
  }

  it('without TRUST_PROXY: one budget per connecting address, X-Forwarded-For ignored', async () => {
    const port = await listen({});
    expect(await statuses(port, 4, '127.0.0.2')).toEqual([200, 200, 200, 429]);
    // Another address has its own budget...
    expect(await statuses(port, 1, '127.0.0.3')).toEqual([200]);
    // ...and claiming to be someone else through the header buys nothing.
    expect(await get(port, '/docs/json', '127.0.0.2', { 'x-forwarded-for': '198.51.100.9' })).toEqual({ status: 429, code: 'RATE_LIMITED' });
  });

  it('with TRUST_PROXY naming the proxy: the forwarded client is keyed and logged; other peers cannot spoof it', async () => {
    const logs = collectingLogger({ level: 'info' });
    const port = await listen({ TRUST_PROXY: '127.0.0.2' }, logs);
    const viaProxy = (client: string) => statuses(port, 1, '127.0.0.2', { 'x-forwarded-for': client });
    const fromA: number[] = [];
    for (let i = 0; i < 4; i += 1) fromA.push(...(await viaProxy('203.0.113.5')));
    expect(fromA).toEqual([200, 200, 200, 429]);
    // Same proxy, another client: its own budget.
    expect(await viaProxy('203.0.113.6')).toEqual([200]);
    // A peer that is not the proxy is keyed by its own address, whatever it forwards.
    expect(await statuses(port, 4, '127.0.0.3', { 'x-forwarded-for': '203.0.113.6' })).toEqual([200, 200, 200, 429]);

    // One "request" line per answer, carrying the client's address as request.ip sees it.
    const logged = logs.records().flatMap((entry) => (entry.msg === 'request' && typeof entry.ip === 'string' ? [entry.ip] : []));
    expect(new Set(logged)).toEqual(new Set(['203.0.113.5', '203.0.113.6', '127.0.0.3']));
  });

  it('with TRUST_PROXY as a CIDR that does not hold the peer, the header is ignored', async () => {
    const port = await listen({ TRUST_PROXY: '10.0.0.0/8' });
    expect(await statuses(port, 3, '127.0.0.2', { 'x-forwarded-for': '203.0.113.7' })).toEqual([200, 200, 200]);
    expect(await get(port, '/docs/json', '127.0.0.2', { 'x-forwarded-for': '203.0.113.8' })).toEqual({ status: 429, code: 'RATE_LIMITED' });
  });
});

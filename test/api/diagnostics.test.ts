/**
 * What an operator reads: one log line per request (probes at debug only),
 * and the /metrics additions (process metrics, fetch failures by cause,
 * delivery latency, WebSub gauges).
 */
import { describe, expect, it } from 'vitest';
import { collectingLogger } from '../helpers/logs.js';
import { fetchFailuresTotal } from '../../src/core/metrics.js';
import { useTestApi } from './harness.js';

const logs = collectingLogger({ level: 'debug' });

describe('request logs', () => {
  const api = useTestApi({ log: logs.log });

  function requestLines(url: string): Record<string, unknown>[] {
    return logs.records().filter((line) => line.msg === 'request' && line.url === url);
  }

  it('writes one info line per request, with method, route, status and time', async () => {
    await api.call({ method: 'GET', url: '/v1/feeds?limit=1' });
    const logged = requestLines('/v1/feeds?limit=1');
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ level: 30, method: 'GET', route: '/v1/feeds', statusCode: 200, ms: expect.any(Number) });
    expect(logs.records().filter((line) => line.msg === 'incoming request' || line.msg === 'request completed')).toEqual([]);
  });

  it('logs health probes and scrapes at debug, not info', async () => {
    await api.call({ method: 'GET', url: '/healthz' });
    await api.call({ method: 'GET', url: '/metrics' });
    expect(requestLines('/healthz')).toEqual([expect.objectContaining({ level: 20, statusCode: 200 })]);
    expect(requestLines('/metrics')).toEqual([expect.objectContaining({ level: 20 })]);
  });

  it('logs a refused request at info with its status', async () => {
    await api.call({ method: 'GET', url: '/v1/feeds/nope' });
    expect(requestLines('/v1/feeds/nope')).toEqual([expect.objectContaining({ level: 30, statusCode: 404 })]);
  });
});

describe('/metrics additions', () => {
  const api = useTestApi();

  it('exposes process metrics, fetch failures by cause, delivery latency, backfill and WebSub gauges', async () => {
    fetchFailuresTotal.inc({ cause: 'TIMEOUT' });
    const { feed } = await api.store.feeds.create({ url: 'https://blog.example/feed', fullText: 'auto', include: [], exclude: [], tags: [], nextFetchAt: new Date() });
    await api.store.sources.saveBackfill(feed.id, {
      status: 'running',
      fetched: 7,
      limit: 100,
      strategy: 'paged',
      nextPage: 2,
      nextUrl: null,
      startedAt: new Date().toISOString(),
    });
    const res = await api.call({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    const text = res.body;
    expect(text).toMatch(/^feedloom_process_process_cpu_seconds_total/m);
    expect(text).toMatch(/^feedloom_process_nodejs_eventloop_lag_seconds/m);
    expect(text).toMatch(/^feedloom_fetch_failures_total\{cause="TIMEOUT"\} [1-9]/m);
    expect(text).toContain('# TYPE feedloom_delivery_latency_seconds histogram');
    for (const status of ['running', 'done', 'failed']) expect(text).toMatch(new RegExp(`^feedloom_backfills\\{status="${status}"\\} \\d+`, 'm'));
    expect(text).toMatch(/^feedloom_backfills\{status="running"\} 1$/m);
    expect(text).toMatch(/^feedloom_backfill_running_items 7$/m);
    for (const status of ['none', 'pending', 'subscribed', 'failed']) {
      expect(text).toMatch(new RegExp(`^feedloom_websub_subscriptions\\{status="${status}"\\} \\d+`, 'm'));
    }
  });
});

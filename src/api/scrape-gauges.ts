/**
 * Gauges read at scrape time from the store and the queues, so any API
 * process reports the whole deployment's feeds, deliveries and backlog (the
 * workers' counters come from src/core/metrics.ts). A dependency that is
 * down costs its gauges for that scrape, not the whole /metrics answer.
 */
import { Gauge } from 'prom-client';
import { errorMessage } from '../core/errors.js';
import { registry } from '../core/metrics.js';
import type { ApiDeps } from './deps.js';
import { withTimeout } from '../core/with-timeout.js';

const READ_DEADLINE_MS = 1_000;
const FEED_STATUSES = ['active', 'paused', 'failing', 'gone'] as const;
const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed', 'paused'] as const;
const QUEUE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'failed', 'completed'] as const;

/** Created once per process: prom-client refuses a second metric of the same name in one registry. */
function gauge(name: string, help: string, labelNames: string[] = []): Gauge {
  const existing = registry.getSingleMetric(name);
  if (existing instanceof Gauge) return existing;
  return new Gauge({ name, help, labelNames, registers: [registry] });
}

const feedsGauge = gauge('feedloom_feeds', 'Registered feeds by status', ['status']);
const deliveriesGauge = gauge('feedloom_deliveries', 'Webhook deliveries by status', ['status']);
const articlesGauge = gauge('feedloom_articles', 'Articles in the store');
const queueGauge = gauge('feedloom_queue_jobs', 'Jobs in each queue by state', ['queue', 'state']);
const websubGauge = gauge('feedloom_websub_subscriptions', 'Feeds by WebSub subscription status', ['status']);
const backfillGauge = gauge('feedloom_backfills', 'Feeds by backfill status (running, done, failed)', ['status']);
const backfillItemsGauge = gauge('feedloom_backfill_running_items', 'Items read so far by the backfills still running');
const sourceUpGauge = gauge('feedloom_metrics_source_up', 'Whether the last scrape could read a source (1) or not (0)', ['source']);

async function read(deps: ApiDeps, source: 'store' | 'queues', work: () => Promise<void>): Promise<void> {
  try {
    await withTimeout(work(), READ_DEADLINE_MS, `${source} read for /metrics`);
    sourceUpGauge.set({ source }, 1);
  } catch (err) {
    sourceUpGauge.set({ source }, 0);
    deps.log.warn({ err: errorMessage(err), source }, 'metrics: could not read gauges');
  }
}

export async function refreshScrapeGauges(deps: ApiDeps): Promise<void> {
  await Promise.all([
    read(deps, 'store', async () => {
      const [feeds, deliveries, articles, websub, backfills] = await Promise.all([
        deps.store.feeds.countByStatus(),
        deps.store.deliveries.countByStatus(),
        deps.store.articles.count(),
        deps.store.websub.countByStatus(),
        deps.store.feeds.backfillCounts(),
      ]);
      for (const [status, count] of Object.entries(backfills.byStatus)) backfillGauge.set({ status }, count);
      backfillItemsGauge.set(backfills.runningItems);
      for (const [status, count] of Object.entries(websub)) websubGauge.set({ status }, count);
      for (const status of FEED_STATUSES) feedsGauge.set({ status }, feeds[status] ?? 0);
      for (const status of DELIVERY_STATUSES) deliveriesGauge.set({ status }, deliveries[status] ?? 0);
      articlesGauge.set(articles);
    }),
    read(deps, 'queues', async () => {
      const counts = await Promise.all(deps.queues.all().map(async (queue) => ({ name: queue.name, counts: await queue.getJobCounts(...QUEUE_STATES) })));
      for (const { name, counts: byState } of counts) {
        for (const state of QUEUE_STATES) queueGauge.set({ queue: name, state }, byState[state] ?? 0);
      }
    }),
  ]);
}

export async function renderMetrics(deps: ApiDeps): Promise<{ contentType: string; body: string }> {
  await refreshScrapeGauges(deps);
  return { contentType: registry.contentType, body: await registry.metrics() };
}

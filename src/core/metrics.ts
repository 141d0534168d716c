/**
 * Process-wide Prometheus metrics. Workers count what they do here; the API's
 * /metrics adds gauges read from the store and the queues at scrape time, so
 * a split deployment still reports feeds and deliveries from any process.
 */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'feedloom_process_' });

export const fetchesTotal = new Counter({
  name: 'feedloom_fetches_total',
  help: 'Feed fetches by outcome (ok, not_modified, error)',
  labelNames: ['outcome'] as const,
  registers: [registry],
});

export const fetchDuration = new Histogram({
  name: 'feedloom_fetch_duration_seconds',
  help: 'Time to fetch and parse one feed',
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [registry],
});

export const articlesCreatedTotal = new Counter({
  name: 'feedloom_articles_created_total',
  help: 'Articles stored and announced as article.created',
  registers: [registry],
});

export const articlesUpdatedTotal = new Counter({
  name: 'feedloom_articles_updated_total',
  help: 'Articles whose content changed and were announced as article.updated',
  registers: [registry],
});

export const normalizeDuration = new Histogram({
  name: 'feedloom_normalize_duration_seconds',
  help: 'Time to normalize one item into an article (full text included)',
  buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
  registers: [registry],
});

export const deliveriesTotal = new Counter({
  name: 'feedloom_deliveries_total',
  help: 'Webhook delivery attempts by outcome (success, retry, failed, disabled)',
  labelNames: ['outcome'] as const,
  registers: [registry],
});

export const publishesTotal = new Counter({
  name: 'feedloom_publishes_total',
  help: 'Deliveries to destinations (WordPress) by outcome (created, updated, retry, failed)',
  labelNames: ['type', 'outcome'] as const,
  registers: [registry],
});

export const deliveryDuration = new Histogram({
  name: 'feedloom_delivery_duration_seconds',
  help: 'Time of one webhook delivery attempt',
  buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15],
  registers: [registry],
});

export const fetchFailuresTotal = new Counter({
  name: 'feedloom_fetch_failures_total',
  help: 'Failed feed fetches by cause (the error code: TIMEOUT, HTTP_ERROR, RATE_LIMITED, PARSE_ERROR, ...)',
  labelNames: ['cause'] as const,
  registers: [registry],
});

export const deliveryLatency = new Histogram({
  name: 'feedloom_delivery_latency_seconds',
  help: 'From the article being stored to its webhook delivery succeeding (retries included)',
  buckets: [0.1, 0.5, 1, 2.5, 5, 15, 60, 300, 1800, 3600, 21600],
  registers: [registry],
});

export const websubNotifications = new Counter({
  name: 'feedloom_websub_notifications_total',
  help: 'WebSub notifications received by outcome (accepted, bad_signature, unknown, unavailable)',
  labelNames: ['outcome'] as const,
  registers: [registry],
});

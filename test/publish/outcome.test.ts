import { describe, expect, it } from 'vitest';
import { classifyResponse } from '../../src/publish/outcome.js';

describe('classifyResponse', () => {
  it('counts every 2xx as success', () => {
    for (const status of [200, 201, 202, 204, 299]) expect(classifyResponse(status)).toEqual({ kind: 'success', status });
  });

  it('disables the subscription on 410 Gone', () => {
    expect(classifyResponse(410, 'endpoint removed')).toEqual({
      kind: 'disable',
      status: 410,
      error: 'subscriber answered HTTP 410 Gone: subscription disabled: endpoint removed',
    });
  });

  it('retries redirects, client and server errors, naming the status', () => {
    for (const status of [100, 301, 302, 400, 401, 404, 408, 409, 429, 500, 502, 503]) {
      const outcome = classifyResponse(status);
      expect(outcome).toEqual({ kind: 'retry', status, error: `subscriber answered HTTP ${status}` });
    }
  });

  it('quotes a short, single-line excerpt of the answer', () => {
    const outcome = classifyResponse(500, `  <h1>Oops</h1>\n\n  ${'x'.repeat(1_000)}`);
    expect(outcome.kind).toBe('retry');
    if (outcome.kind !== 'retry') return;
    expect(outcome.error.startsWith('subscriber answered HTTP 500: <h1>Oops</h1> xxx')).toBe(true);
    expect(outcome.error.endsWith('…')).toBe(true);
    expect(outcome.error.length).toBeLessThan(260);
    expect(outcome.error).not.toContain('\n');
  });
});

import autocannon from 'autocannon';
import { percentile } from './measure.js';

export interface LoadOptions {
  connections: number;
  durationS: number;
  headers?: Record<string, string>;
  /** Requests to cycle through instead of GET `url` (POSTs with bodies, a setupRequest that varies them). */
  requests?: autocannon.Request[];
}

export interface LoadResult {
  requests: number;
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * Drives one URL with autocannon for a fixed time. Every response must be a 200: a redirect to the
 * login page or an error page would be fast and meaningless, so anything else fails the case.
 */
export async function loadTest(url: string, { connections, durationS, headers = {}, requests }: LoadOptions): Promise<LoadResult> {
  // autocannon's own histogram truncates to whole milliseconds; keep every response time instead
  // (a few hundred thousand numbers at most) so sub-millisecond percentiles stay readable.
  const latenciesMs: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url, connections, duration: durationS, headers, ...(requests ? { requests } : {}) }, (error, done) =>
      error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(done),
    );
    instance.on('response', (_client, _status, _bytes, responseTimeMs) => latenciesMs.push(responseTimeMs));
  });

  const statusCounts = Object.entries(result.statusCodeStats ?? {}).map(([code, stat]) => `${code}: ${stat.count ?? 0}`);
  const only200 = Object.keys(result.statusCodeStats ?? {}).every((code) => code === '200');
  if (result.non2xx !== 0 || result.errors !== 0 || result.timeouts !== 0 || !only200 || result.requests.total === 0) {
    throw new Error(
      `load test on ${url} did not get only 200s: ${result['2xx']} 2xx, ${result.non2xx} non-2xx, ` +
        `${result.errors} errors, ${result.timeouts} timeouts (status counts ${statusCounts.join(', ') || 'none'})`,
    );
  }
  return {
    requests: result.requests.total,
    // Completed requests over the measured time; autocannon's per-second average drops the last partial second.
    requestsPerSec: result.requests.total / result.duration,
    p50Ms: percentile(latenciesMs, 50),
    p99Ms: percentile(latenciesMs, 99),
  };
}

import { performance } from 'node:perf_hooks';
import { statusOf } from './server-process.js';

const PROBE_TIMEOUT_MS = 5_000;

export interface Probe {
  /** Ends the loop after the request in flight; resolves with every response time in ms. */
  stop(): Promise<number[]>;
}

/**
 * Calls `url` as a monitoring probe would (a new connection each time, no session) once every
 * `intervalMs` until stopped or `maxRequests` were sent, so a forgotten probe cannot run forever.
 * A slow answer delays the next request rather than piling requests up. Any answer but 200
 * (including a timeout) rejects `stop()`: an import must not make the server fail its health check.
 */
export function probeEvery(url: string, intervalMs: number, maxRequests: number): Probe {
  const timesMs: number[] = [];
  let stopping = false;
  const loop = (async () => {
    for (let i = 0; i < maxRequests && !stopping; i++) {
      const start = performance.now();
      const status = await statusOf(url, PROBE_TIMEOUT_MS);
      const elapsed = performance.now() - start;
      if (status !== 200) throw new Error(`GET ${url} answered ${status || 'nothing'} after ${Math.round(elapsed)} ms`);
      timesMs.push(elapsed);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, intervalMs - elapsed)));
    }
  })();
  // Kept from surfacing as an unhandled rejection before stop() is awaited.
  loop.catch(() => {});
  return {
    async stop() {
      stopping = true;
      await loop;
      return timesMs;
    },
  };
}

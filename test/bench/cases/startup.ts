import { join } from 'node:path';
import type { BenchCase } from '../bench-case.js';
import { median, round } from '../measure.js';
import { timeCommandMs, withServer } from '../server-process.js';
import { withTempDir } from '../temp-dir.js';

/**
 * From spawning the real server to `/healthz` answering 200: on a fresh data dir (creates the
 * database, runs every migration, writes the session secret) and again on that now-migrated dir.
 * Baseline: a bare `node -e 0`, timed in the same loop so both see the same machine load.
 */
export const startupCase: BenchCase = {
  name: 'startup',
  description: 'process start to /healthz 200, fresh and existing data dir, against node -e 0',
  defaultRuns: 5,
  async run({ runs, log }) {
    const fresh: number[] = [];
    const existing: number[] = [];
    const nodeBaseline: number[] = [];
    const tsxBaseline: number[] = [];
    let peakRssMb = 0;

    const start = (workDir: string) =>
      withServer({ dataDir: join(workDir, 'data'), logFile: join(workDir, 'server.log') }, async (server) => {
        peakRssMb = Math.max(peakRssMb, server.peakRssMb());
        return server.startupMs;
      });

    // One unmeasured start fills tsx's transform cache and the page cache, as any later start finds them.
    log(`warm-up: ${round(await withTempDir(start))} ms`);

    for (let i = 1; i <= runs; i++) {
      nodeBaseline.push(await timeCommandMs(['-e', '0']));
      tsxBaseline.push(await timeCommandMs(['--import', 'tsx', '-e', '0']));
      await withTempDir(async (workDir) => {
        fresh.push(await start(workDir));
        existing.push(await start(workDir));
      });
      log(`run ${i}/${runs}: fresh ${round(fresh.at(-1)!)} ms, existing ${round(existing.at(-1)!)} ms, node -e 0 ${round(nodeBaseline.at(-1)!)} ms`);
    }

    // Ratios pair each start with the baseline timed just before it, so a busy moment hits both.
    const ratioOf = (times: number[]) => median(times.map((ms, i) => ms / nodeBaseline[i]!));
    return {
      runs,
      medianMs: round(median(fresh)),
      runsMs: fresh.map((ms) => round(ms)),
      existingDataDirMedianMs: round(median(existing)),
      existingDataDirRunsMs: existing.map((ms) => round(ms)),
      // `node --import tsx -e 0`: how much of startup is the TypeScript loader rather than Coreview.
      tsxLoaderMedianMs: round(median(tsxBaseline)),
      baseline: 'node -e 0',
      baselineMedianMs: round(median(nodeBaseline)),
      ratio: round(ratioOf(fresh), 2),
      existingDataDirRatio: round(ratioOf(existing), 2),
      peakRssMb: round(peakRssMb),
    };
  },
};

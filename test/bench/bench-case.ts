/** A value that survives JSON.stringify unchanged (NaN becomes null, which readers treat as "not measured"). */
export type Json = number | string | boolean | null | Json[] | { [key: string]: Json };

/**
 * What every case reports. Figures are named with their unit (`medianMs`, `requestsPerSec`,
 * `p99Ms`, `recordsPerSec`) so a JSON line reads without the README.
 */
export interface BenchResult {
  runs: number;
  /** What `ratio` divides by, measured in the same run, e.g. "node -e 0". */
  baseline: string;
  /** Headline figure over the baseline's: comparable across machines and noisy neighbours. */
  ratio: number;
  /** Highest resident set size (VmHWM) of the measured process, in MB. */
  peakRssMb: number;
  [figure: string]: Json;
}

export interface BenchContext {
  /** How many measured repetitions to make (after any warm-up the case needs). */
  runs: number;
  /** Progress for humans: goes to stderr so stdout stays one JSON line per case. */
  log(message: string): void;
}

export interface BenchCase {
  /** Lower-case, used on the command line: `npm run bench -- <name>`. */
  name: string;
  description: string;
  defaultRuns: number;
  /** One result, or one per variant (format, size...) when a case measures several: each is a JSON line. */
  run(context: BenchContext): Promise<BenchResult | BenchResult[]>;
}

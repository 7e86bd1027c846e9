import { hypergeometricCdf } from './hypergeometric.js';

/** The test's level: "the target recall was reached" is said only when p < 0.05. */
export const ALPHA = 0.05;

export interface StoppingEstimate {
  screened: number;
  relevantFound: number;
  /** p of H0 "recall is below the target"; null while no relevant record has been found. */
  pValue: number | null;
  /** Whether H0 is rejected: recall ≥ the target with 95% confidence, so screening may stop. */
  targetReached: boolean;
  /** At most this many relevant records are among the unscreened ones (95% confidence). */
  maxRemaining: number;
}

/**
 * The statistical stopping criterion of Callaghan & Müller-Hansen (2020), computed as the `buscar`
 * package (R, and the Python in nacsos-data) computes it. The records screened last, taken as a
 * random sample of a "urn" made of them and every unscreened record, test H0: enough relevant
 * records remain for recall to be below the target. For each window of the last n screened records
 * (n = 1 … screened), with k relevant among them, H0 puts k + m relevant records in the urn of
 * n + unscreened records, where m = ⌊r/target⌋ + 1 − r is the fewest missed relevant records that
 * make recall r/(r + m) fall below the target (buscar's k_hat − k); seeing k or fewer in n draws
 * has probability hypergeometric cdf(k; urn, k + m, n). The p-value is the smallest over the
 * windows (as buscar takes, with no correction for taking the minimum).
 *
 * A window whose urn is smaller than k + m makes H0 impossible, so it contributes p = 0 (R's buscar
 * skips its NaN and reaches 0 from the whole-sequence window anyway; scipy's NaN would hide it).
 * With no relevant record found the test is not made (p null, never "reached"): recall is 0 of
 * whatever remains, and a long run of irrelevant records alone is not evidence of a finished search.
 *
 * "At most K relevant records remain" inverts the same test: p(m) falls as m grows (more relevant
 * records in the urn make seeing so few less likely), so K = (the smallest m whose p(m) < α) − 1,
 * found by bisection; K ≤ unscreened. It agrees with the p-value test: targetReached exactly when
 * K ≤ ⌊r/target⌋ − r, i.e. when r/(r + K) ≥ the target.
 *
 * @example stoppingEstimate([1, 1, 0, 1, ...zeros(200)], 1000).targetReached
 */
export function stoppingEstimate(labels: ArrayLike<number>, total: number, recallTarget: number = 0.95): StoppingEstimate {
  const windows = new Windows(labels, total);
  const r = windows.relevant;
  const pValue = r === 0 ? null : windows.pValue(missedUnderH0(r, recallTarget), 0);
  let low = 0; // p(low) ≥ α, with p(0) = 1 (an urn holding no more than was seen)
  let high = windows.unscreened + 1; // p(high) = 0: more relevant records than unscreened ones
  while (high - low > 1) {
    const mid = (low + high) >>> 1;
    if (windows.pValue(mid, ALPHA) < ALPHA) high = mid;
    else low = mid;
  }
  return { screened: windows.screened, relevantFound: r, pValue, targetReached: pValue !== null && pValue < ALPHA, maxRemaining: low };
}

/**
 * How many records had been screened when the test first said the target was reached, or null if
 * it never did: what a simulation reports as its stopping point. Each prefix is tested in turn;
 * a prefix stops testing windows at the first one below α, so a run costs about screened² / 2 small
 * sums at worst.
 */
export function firstStop(labels: ArrayLike<number>, total: number, recallTarget: number = 0.95): number | null {
  let relevant = 0;
  for (let screened = 1; screened <= labels.length; screened++) {
    relevant += labels[screened - 1]!;
    if (relevant === 0) continue;
    const windows = new Windows(labels, total, screened);
    if (windows.pValue(missedUnderH0(relevant, recallTarget), ALPHA) < ALPHA) return screened;
  }
  return null;
}

/** buscar's k_hat − k, computed in its order of operations so the floor lands where its does. */
const missedUnderH0 = (relevantFound: number, recallTarget: number) => Math.floor(relevantFound / recallTarget + 1) - relevantFound;

/** The screened prefix of an order, read as windows of its last n records. */
class Windows {
  readonly screened: number;
  readonly relevant: number;
  readonly unscreened: number;

  constructor(private readonly labels: ArrayLike<number>, total: number, screened = labels.length) {
    if (screened > total) throw new RangeError(`${screened} records screened of only ${total}`);
    this.screened = screened;
    let relevant = 0;
    for (let i = 0; i < screened; i++) {
      const label = labels[i];
      if (label !== 0 && label !== 1) throw new RangeError(`label ${i + 1} is ${label}, not 0 or 1`);
      relevant += label;
    }
    this.relevant = relevant;
    this.unscreened = total - screened;
  }

  /**
   * min over windows of P(≤ k relevant in n draws | k + missed relevant in the urn), stopping early
   * once a window is below `enough` (callers that only ask "below α?" pass α; 0 means never).
   */
  pValue(missed: number, enough: number): number {
    if (missed === 0) return 1;
    let min = 1;
    let k = 0;
    for (let n = 1; n <= this.screened; n++) {
      k += this.labels[this.screened - n]!;
      const urn = this.unscreened + n;
      const p = k + missed > urn ? 0 : hypergeometricCdf(k, urn, k + missed, n);
      if (p < min) min = p;
      if (min < enough) break;
    }
    return min;
  }
}

/**
 * How well a screening order found the relevant records, as asreview-insights
 * (asreview/asreview-insights, asreviewcontrib/insights/metrics.py and algorithms.py) computes it
 * with its default priors=False: the prior records are left out, and the other labels in screening
 * order are padded with zeros to the number of records that are not priors. The padding is exact
 * for a simulation that stops once every relevant record is found: the unscreened tail holds no
 * relevant record, whatever its order. Every figure is a fraction (print ×100 for percentages),
 * except ATD, which counts records.
 */
export interface ScreeningMetrics {
  /** Work saved over sampling at 95% and 100% recall. */
  wss95: number;
  wss100: number;
  /** Relevant records found after screening 10% of the records (ASReview's RRF@10, insights' recall at 0.1). */
  rrf10: number;
  /** Average time to discovery: mean position (1 = first record after the priors) of the relevant records found; null if none. */
  atd: number | null;
  /** Recall after screening 10%, 25% and 50% of the records. */
  recall10: number;
  recall25: number;
  recall50: number;
}

/**
 * @param labels 1/0 for the records screened, in order, the priors first
 * @param priors how many of the first labels are priors (left out, as insights does by default)
 * @param total records in the set, screened or not
 */
export function screeningMetrics(labels: readonly number[], priors: number, total: number): ScreeningMetrics {
  const screened = labels.slice(priors);
  const padded = [...screened, ...new Array<number>(Math.max(0, total - priors - screened.length)).fill(0)];
  const found = cumulative(padded);
  return {
    wss95: wss(found, 0.95),
    wss100: wss(found, 1),
    rrf10: recall(found, 0.1),
    atd: averageTimeToDiscovery(screened),
    recall10: recall(found, 0.1),
    recall25: recall(found, 0.25),
    recall50: recall(found, 0.5),
  };
}

function cumulative(labels: readonly number[]): number[] {
  let sum = 0;
  return labels.map((label) => (sum += label));
}

/**
 * numpy's searchsorted(x, v, side='right') over x = (1…n)/n, minus one: the index of the last
 * point at or below v, by the same float divisions; −1 when v is below every point.
 */
function lastAtOrBelow(n: number, v: number): number {
  let i = Math.min(n, Math.max(0, Math.floor(v * n)));
  while (i < n && (i + 1) / n <= v) i++;
  while (i > 0 && i / n > v) i--;
  return i - 1;
}

/** insights' _recall: the share of relevant records found after screening the fraction `at`; 0 below one record. */
function recall(found: readonly number[], at: number): number {
  const relevant = found.at(-1) ?? 0;
  const i = lastAtOrBelow(found.length, at);
  if (i < 0 || relevant === 0) return 0;
  return found[i]! / relevant;
}

/**
 * insights' _wss_values and _slice_metric: for the j-th relevant record, how many records earlier
 * than expected by random order (numpy's round(linspace(0, relevant, n)), halves to even) it was
 * found, over n; read at the largest j with j/relevant ≤ the recall level. Below one relevant
 * record numpy's index −1 wraps to the last, and so does this.
 */
function wss(found: readonly number[], level: number): number {
  const n = found.length;
  const relevant = found.at(-1) ?? 0;
  if (relevant === 0 || n < 2) return 0;
  const i = lastAtOrBelow(relevant, level);
  const j = (i < 0 ? relevant - 1 : i) + 1;
  const step = relevant / (n - 1);
  const randomFound = (position: number) => (position === n - 1 ? relevant : roundHalfEven(position * step));
  return (firstIndex(n, (p) => randomFound(p) >= j) - firstIndex(n, (p) => found[p]! >= j)) / n;
}

/** The first index in [0, n) where a monotone predicate holds (n if none): numpy's searchsorted(side='left'). */
function firstIndex(n: number, holds: (index: number) => boolean): number {
  let low = 0;
  let high = n;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (holds(mid)) high = mid;
    else low = mid + 1;
  }
  return low;
}

function roundHalfEven(x: number): number {
  const rounded = Math.round(x);
  return rounded - x === 0.5 && rounded % 2 !== 0 ? rounded - 1 : rounded;
}

/** insights' _average_time_to_discovery over the screened records (priors left out). */
function averageTimeToDiscovery(screened: readonly number[]): number | null {
  let sum = 0;
  let count = 0;
  screened.forEach((label, i) => {
    if (label === 1) {
      sum += i + 1;
      count++;
    }
  });
  return count === 0 ? null : sum / count;
}

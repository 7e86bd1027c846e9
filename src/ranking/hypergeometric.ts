/**
 * The hypergeometric distribution's cumulative probability, accurate in the far tails and for
 * populations of 100,000 and more. A difference of log-factorials loses ~1e-10 relative at that
 * size (each is ~1e6), so the mass function is built as Loader (2000) does it, from Stirling's series
 * error term and the deviance term, which keep their relative accuracy whatever the size.
 */

const LOG_2PI = Math.log(2 * Math.PI);

/** log(n!) − log(√(2πn)·(n/e)ⁿ) for n ≥ 1: exact sums of logs below 16, Stirling's series above. */
const SMALL_STIRLING_ERRORS = (() => {
  const errors = [0];
  let logFactorial = 0;
  for (let n = 1; n < 16; n++) {
    logFactorial += Math.log(n);
    errors.push(logFactorial - (n + 0.5) * Math.log(n) + n - 0.5 * LOG_2PI);
  }
  return errors;
})();

function stirlingError(n: number): number {
  if (n < 16) return SMALL_STIRLING_ERRORS[n]!;
  const nn = n * n;
  const s0 = 1 / 12, s1 = 1 / 360, s2 = 1 / 1260, s3 = 1 / 1680, s4 = 1 / 1188;
  if (n > 500) return (s0 - s1 / nn) / n;
  if (n > 80) return (s0 - (s1 - s2 / nn) / nn) / n;
  if (n > 35) return (s0 - (s1 - (s2 - s3 / nn) / nn) / nn) / n;
  return (s0 - (s1 - (s2 - (s3 - s4 / nn) / nn) / nn) / nn) / n;
}

/** x·log(x/m) + m − x without cancellation when x is close to m (a series in (x−m)/(x+m)). */
function deviance(x: number, m: number): number {
  if (Math.abs(x - m) < 0.1 * (x + m)) {
    let v = (x - m) / (x + m);
    let sum = (x - m) * v;
    let term = 2 * x * v;
    v *= v;
    for (let j = 1; j < 1000; j++) {
      term *= v;
      const next = sum + term / (2 * j + 1);
      if (next === sum) return sum;
      sum = next;
    }
    return sum;
  }
  return x * Math.log(x / m) + m - x;
}

/** log of the binomial probability of x successes in n trials with success probability p (q = 1 − p). */
function logBinomial(x: number, n: number, p: number, q: number): number {
  if (p === 0) return x === 0 ? 0 : -Infinity;
  if (q === 0) return x === n ? 0 : -Infinity;
  if (x === 0) return n === 0 ? 0 : p < 0.1 ? -deviance(n, n * q) - n * p : n * Math.log(q);
  if (x === n) return q < 0.1 ? -deviance(n, n * p) - n * q : n * Math.log(p);
  const lc = stirlingError(n) - stirlingError(x) - stirlingError(n - x) - deviance(x, n * p) - deviance(n - x, n * q);
  return lc - 0.5 * (LOG_2PI + Math.log(x) + Math.log1p(-x / n));
}

/**
 * log P(X = x) for X the relevant records among `draws` taken without replacement from `relevant`
 * relevant and `other` other records: three binomial terms with p = draws / population, whose
 * product is the hypergeometric mass (Loader's identity), each accurate on its own.
 */
function logPmf(x: number, relevant: number, other: number, draws: number): number {
  const population = relevant + other;
  const p = draws / population;
  const q = (population - draws) / population;
  return logBinomial(x, relevant, p, q) + logBinomial(draws - x, other, p, q) - logBinomial(draws, population, p, q);
}

/** Σ P(X = j)/P(X = x) for j ≤ x, stepping down while the terms still change the sum. */
function lowerTailRatio(x: number, relevant: number, other: number, draws: number): number {
  let sum = 1;
  let term = 1;
  for (let j = x; j > 0 && term >= Number.EPSILON * sum; j--) {
    term *= (j * (other - draws + j)) / ((draws + 1 - j) * (relevant + 1 - j));
    sum += term;
  }
  return sum;
}

/**
 * P(X ≤ k) for X ~ Hypergeometric(population, relevant, draws) — scipy's `hypergeom.cdf(k, M, n, N)`
 * with M = population, n = relevant, N = draws. The smaller tail is summed (from the mass at its
 * edge, by the ratio of neighbouring terms), so probabilities down to ~1e-300 keep their digits.
 */
export function hypergeometricCdf(k: number, population: number, relevant: number, draws: number): number {
  if (k < Math.max(0, draws - (population - relevant))) return 0;
  if (k >= Math.min(draws, relevant)) return 1;
  let x = k;
  let successes = relevant;
  let failures = population - relevant;
  let lower = true;
  // Above the mean, the upper tail is the small one: count the draws' other records instead.
  if (x * population > draws * relevant) {
    [successes, failures] = [failures, successes];
    x = draws - x - 1;
    lower = false;
  }
  const tail = Math.exp(logPmf(x, successes, failures, draws)) * lowerTailRatio(x, successes, failures, draws);
  return lower ? tail : 1 - tail;
}

import { describe, expect, it } from 'vitest';
import { hypergeometricCdf } from '../../../src/ranking/hypergeometric.js';
import { firstStop, stoppingEstimate } from '../../../src/ranking/stopping-test.js';

/** A screening order of `screened` records with the relevant ones at these 1-based positions. */
function order(screened: number, relevantAt: readonly number[]): number[] {
  const labels = new Array<number>(screened).fill(0);
  for (const position of relevantAt) labels[position - 1] = 1;
  return labels;
}
const everyFourth = Array.from({ length: 100 }, (_, i) => 1 + 4 * i); // 100 relevant in the first 400
const twenty = [1, 2, 3, 5, 6, 9, 10, 14, 18, 25, 31, 33, 40, 52, 70, 88, 101, 130, 170, 240];

describe('the hypergeometric cdf', () => {
  // /usr/bin/python3 (scipy 1.10.1): from scipy.stats import hypergeom; hypergeom.cdf(k, M, n, N)
  const scipy: [k: number, population: number, relevant: number, draws: number, cdf: number][] = [
    [0, 10, 1, 5, 0.5000000000000001],
    [3, 50, 10, 20, 0.3649682867768368],
    [20, 100, 40, 30, 0.9999227671069375],
    [5, 50000, 300, 1000, 0.4435766616507897],
    [0, 50000, 20, 3000, 0.29003586458966907],
    [40, 50000, 2000, 400, 0.9999999526152947],
    [100, 50000, 500, 20000, 6.238440143134989e-22],
    [250, 50000, 260, 49000, 0.03765316002056019],
    [0, 1993, 15, 1500, 6.754813384330448e-10],
    [1, 100000, 50, 90000, 4.058233287813714e-48],
    [60, 1000, 500, 100, 0.9867738661204395],
    [7, 393, 41, 60, 0.7248119141801217],
  ];
  it.each(scipy)('P(X ≤ %i) for %i records, %i relevant, %i drawn equals scipy to 1e-13', (k, population, relevant, draws, cdf) => {
    expect(Math.abs(hypergeometricCdf(k, population, relevant, draws) - cdf) / cdf).toBeLessThan(1e-13);
  });

  it('is 0 below the support and 1 at its top', () => {
    expect(hypergeometricCdf(2, 10, 8, 5)).toBe(0); // at least 3 of 5 drawn are relevant
    expect(hypergeometricCdf(5, 10, 8, 5)).toBe(1);
    expect(hypergeometricCdf(3, 100, 3, 50)).toBe(1);
  });
});

describe('the stopping test (Callaghan & Müller-Hansen, as buscar computes it)', () => {
  // /usr/bin/python3 with scipy 1.10.1, nacsos-data's calculate_h0 (buscar's Python), verbatim:
  //   r = labels.sum(); urns = labels[::-1]; sizes = np.arange(len(urns)) + 1
  //   k_hat = np.floor(r / target + 1 - (r - urns.cumsum()))
  //   p = np.nanmin(hypergeom.cdf(urns.cumsum(), N - (len(urns) - sizes), k_hat, sizes))
  // and for "at most K remain", p(m) the same with k_hat = urns.cumsum() + m (0 where the urn is too
  // small): K = the largest m with p(m) ≥ 0.05, checked as p(K) ≥ 0.05 > p(K + 1).
  const buscar: [name: string, labels: number[], total: number, target: number, p: number, maxRemaining: number][] = [
    ['5 relevant in 30 of 100', order(30, [1, 2, 4, 7, 9]), 100, 0.95, 0.7692307692307692, 10],
    ['10 relevant in 200 of 1,000', order(200, [1, 3, 5, 8, 12, 20, 25, 40, 41, 60]), 1000, 0.95, 0.851063829787234, 18],
    ['the same at 90%', order(200, [1, 3, 5, 8, 12, 20, 25, 40, 41, 60]), 1000, 0.9, 0.724174653887114, 18],
    ['20 relevant in 600 of 2,000', order(600, twenty), 2000, 0.95, 0.6326554343893741, 13],
    ['the same after 1,200', order(1200, twenty), 2000, 0.95, 0.20647061863662208, 3],
    ['the same after 1,900', order(1900, twenty), 2000, 0.95, 0.0031978396816372935, 1],
    ['100 relevant in 3,000 of 50,000', order(3000, everyFourth), 50000, 0.95, 0.7236560753408756, 55],
    ['the same after 12,000', order(12000, everyFourth), 50000, 0.95, 0.20212210582530532, 11],
    ['the same after 30,000', order(30000, everyFourth), 50000, 0.95, 0.00429475009717943, 3],
    ['the same at 90%, a far tail', order(30000, everyFourth), 50000, 0.9, 1.842506721643518e-5, 3],
    ['one relevant, the last of 40', order(40, [40]), 100, 0.95, 0.8424242424242424, 8],
    ['one relevant in 5 of 1,000', order(5, [1]), 1000, 0.95, 0.995995995995996, 525],
  ];
  it.each(buscar)('%s: p and "at most K remain" equal buscar with scipy', (_, labels, total, target, p, maxRemaining) => {
    const estimate = stoppingEstimate(labels, total, target);
    expect(Math.abs(estimate.pValue! - p) / p).toBeLessThan(1e-12);
    expect(estimate.maxRemaining).toBe(maxRemaining);
    expect(estimate.targetReached).toBe(p < 0.05);
  });

  it('says the target is reached exactly when "at most K remain" keeps recall at the target', () => {
    for (const [, labels, total, target] of buscar) {
      const { relevantFound: r, maxRemaining, targetReached } = stoppingEstimate(labels, total, target);
      expect(targetReached).toBe(r / (r + maxRemaining) >= target);
    }
  });

  it('never stops before a relevant record is found, however long the run of irrelevant ones', () => {
    const estimate = stoppingEstimate(order(990, []), 1000);
    expect(estimate).toMatchObject({ pValue: null, targetReached: false, relevantFound: 0 });
    expect(estimate.maxRemaining).toBeLessThanOrEqual(10);
    expect(firstStop(order(999, []), 1000)).toBeNull();
  });

  it('is certain once everything is screened (buscar refuses this case; nothing can remain)', () => {
    expect(stoppingEstimate(order(100, Array.from({ length: 100 }, (_, i) => i + 1)), 100)).toMatchObject({ pValue: 0, targetReached: true, maxRemaining: 0 });
    expect(stoppingEstimate(order(50, [3, 9]), 50)).toMatchObject({ pValue: 0, targetReached: true, maxRemaining: 0 });
  });

  it('stops where the test first rejects, and not a record earlier', () => {
    const labels = order(2000, twenty);
    const stop = firstStop(labels, 2000)!;
    expect(stop).toBe(1607);
    expect(stoppingEstimate(labels.slice(0, stop), 2000).targetReached).toBe(true);
    expect(stoppingEstimate(labels.slice(0, stop - 1), 2000).targetReached).toBe(false);
    expect(firstStop(labels, 2000, 0.9)).toBeLessThan(stop);
  });

  it('refuses labels other than 0 and 1, and more screened records than there are', () => {
    expect(() => stoppingEstimate([1, 0, 2], 10)).toThrow('label 3 is 2, not 0 or 1');
    expect(() => stoppingEstimate([1, 0, 0], 2)).toThrow('3 records screened of only 2');
  });
});

import { describe, expect, it } from 'vitest';
import { screeningMetrics } from '../../../src/ranking/screening-metrics.js';

describe('screening metrics as asreview-insights computes them (priors left out)', () => {
  it('works out a tiny order by hand', () => {
    // Priors [1, 0] dropped; 8 records left: 1 1 0 1 0 0 0 0, 3 relevant.
    // Random finds round(linspace(0, 3, 8)) = 0 0 1 1 2 2 3 3 (halves to even).
    // WSS@95 reads the 2nd relevant (2/3 ≤ 0.95 < 3/3): random at index 4, the order at 1, (4 − 1)/8.
    // WSS@100, the 3rd: random 6, order 3: 3/8. Recall@10%: 1/8 > 0.1, so 0; @25%: 2 records, 2 of 3.
    // ATD: positions 1, 2, 4 → 7/3.
    expect(screeningMetrics([1, 0, 1, 1, 0, 1, 0, 0, 0, 0], 2, 10)).toEqual({
      wss95: 0.375, wss100: 0.375, rrf10: 0, atd: 7 / 3, recall10: 0, recall25: 2 / 3, recall50: 1,
    });
  });

  it('pads the unscreened tail with irrelevant records, as insights pads a simulation stopped early', () => {
    // 5 screened of 18 after the priors: 0 1 0 0 1, then 13 zeros; relevant at indexes 1 and 4.
    // Random, round(i · 2/17): reaches 1 at index 5 (0.59) and 2 at index 13 (1.53).
    // WSS@95 (1st relevant): (5 − 1)/18; WSS@100 (2nd): (13 − 4)/18. ATD: positions 2 and 5.
    const metrics = screeningMetrics([1, 0, 0, 1, 0, 0, 1], 2, 20);
    expect(metrics).toEqual({ wss95: 4 / 18, wss100: 9 / 18, rrf10: 0, atd: 3.5, recall10: 0, recall25: 0.5, recall50: 1 });
  });

  it('matches insights on longer orders (numpy transcription of its _recall, _wss and ATD)', () => {
    // /usr/bin/python3: the functions of asreviewcontrib/insights/algorithms.py and metrics.py, on
    // labels[2:] padded with zeros to total − 2.
    expect(screeningMetrics([0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1], 2, 40)).toEqual({
      wss95: 0.23684210526315788, wss100: 0.3157894736842105, rrf10: 1 / 3, atd: 10.666666666666666, recall10: 1 / 3, recall25: 1 / 3, recall50: 2 / 3,
    });
    expect(screeningMetrics([1, 0, ...new Array<number>(19).fill(1), 0, 0, 0, 0, 0, 1], 2, 100)).toEqual({
      wss95: 0.7346938775510204, wss100: 0.7244897959183674, rrf10: 0.45, atd: 10.75, recall10: 0.45, recall25: 0.95, recall50: 1,
    });
  });

  it('gives no ATD when every relevant record was a prior', () => {
    expect(screeningMetrics([1, 0, 0, 0], 2, 4).atd).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { cohenKappa, gwetAc1, interval95, krippendorffAlphaNominal, pabak } from '../../src/statistics/agreement-statistics.js';

/**
 * Expected values are published figures (cited at each test) or hand computations written out in
 * the comments; none was produced by this module.
 */

// Gwet's own worked example: irrCAC 1.0 (K. L. Gwet, CRAN 2019) README / vignette "Calculating
// Chance-corrected Agreement Coefficients", dataset cont3x3abstractors (2 abstractors, 100 pregnancies,
// Ectopic / AIU / NIU), from Gwet's Handbook of Inter-Rater Reliability (4th ed., 2014). Rows: abstractor 1.
const ABSTRACTORS = [
  [13, 0, 0],
  [0, 20, 7],
  [0, 4, 56],
];

describe('cohenKappa', () => {
  it('matches irrCAC kappa2.table(cont3x3abstractors): kappa 0.7964094, SE 0.05891072 (Fleiss, Cohen & Everitt 1969)', () => {
    const result = cohenKappa(ABSTRACTORS);
    expect(result.n).toBe(100);
    expect(result.observedAgreement).toBeCloseTo(0.89, 12); // irrCAC pa2.table: Percent Agreement 0.89
    expect(result.kappa).toBeCloseTo(0.7964094, 7);
    expect(result.standardError).toBeCloseTo(0.05891072, 8);
  });

  it('matches statpsych ci.kappa(.05, 31, 12, 4, 58) (Bonett, after Fleiss, Levin & Paik 2003): 0.6756757, SE 0.07344761, CI 0.5317210–0.8196303', () => {
    // statpsych's documented example: f00 = 31, f01 = 12, f10 = 4, f11 = 58; its interval is kappa ± z·SE.
    const result = cohenKappa([
      [31, 12],
      [4, 58],
    ]);
    expect(result.kappa).toBeCloseTo(0.6756757, 7);
    expect(result.standardError).toBeCloseTo(0.07344761, 8);
    expect(result.ci95!.low).toBeCloseTo(0.531721, 6);
    expect(result.ci95!.high).toBeCloseTo(0.8196303, 6);
  });

  it("matches an SPSS-style Crosstabs output (Calcugator chi2_kappa example, 2 judges, 12 items): kappa 0.5, Asymp. Std. Error 0.24650332, Approx T 1.75662013", () => {
    // SPSS's "Approx T" is kappa divided by the SE under the null, so SE₀ = 0.5 / 1.7566201313 = 0.2846375.
    const result = cohenKappa([
      [4, 1],
      [2, 5],
    ]);
    expect(result.kappa).toBeCloseTo(0.5, 12);
    expect(result.standardError).toBeCloseTo(0.24650332429581734, 10);
    expect(0.5 / result.nullStandardError!).toBeCloseTo(1.7566201313073595, 8);
  });

  it("matches Stata's kap on the UCLA FAQ example (12 subjects, 3 ratings): agreement 66.67%, expected 33.33%, kappa 0.5000, Std. Err. 0.1667 (the null SE)", () => {
    // rater1 = 1,1,1,1,2,2,2,2,3,3,3,3; rater2 = 1,1,1,1,2,2,2,2,2,2,2,2.
    const result = cohenKappa([
      [4, 0, 0],
      [0, 4, 0],
      [0, 4, 0],
    ]);
    expect(result.observedAgreement).toBeCloseTo(2 / 3, 12);
    expect(result.expectedAgreement).toBeCloseTo(1 / 3, 12);
    expect(result.kappa).toBeCloseTo(0.5, 12);
    // By hand: Σ p_i.p_.i(p_i. + p_.i) = (1/9)(2/3) + (2/9)(1) + 0 = 8/27; p_e + p_e² − 8/27 = 4/27;
    // over n(1 − p_e)² = 12·4/9: var₀ = 1/36, SE₀ = 1/6 = 0.1667.
    expect(result.nullStandardError).toBeCloseTo(1 / 6, 12);
    // The interval uses the non-null SE, which is not 1/6: a CI must not assume kappa = 0.
    expect(result.standardError).not.toBeCloseTo(1 / 6, 3);
  });

  it('gives kappa 1 and no interval for perfect agreement on 14 records (SE 0, the degenerate 1.000–1.000)', () => {
    // By hand: p_o = 1 so κ = 1; every term of var(κ) carries (1 − κ) except Σ p_ii·1 − 1 = 0.
    const result = cohenKappa([
      [10, 0],
      [0, 4],
    ]);
    expect(result.kappa).toBe(1);
    expect(result.standardError).toBe(0);
    expect(result.ci95).toBeNull();
  });

  it('leaves kappa undefined when both raters put everything in one category (p_e = 1), and when nothing was rated', () => {
    const one = cohenKappa([
      [14, 0],
      [0, 0],
    ]);
    expect(one.observedAgreement).toBe(1);
    expect(one.kappa).toBeNull();
    expect(one.ci95).toBeNull();
    expect(cohenKappa([[0, 0], [0, 0]]).kappa).toBeNull();
  });

  it('is unchanged by an empty category', () => {
    const two = cohenKappa([
      [31, 12],
      [4, 58],
    ]);
    const three = cohenKappa([
      [31, 0, 12],
      [0, 0, 0],
      [4, 0, 58],
    ]);
    expect(three.kappa).toBeCloseTo(two.kappa!, 12);
    expect(three.standardError).toBeCloseTo(two.standardError!, 12);
  });

  it('refuses a table that is not square or has a negative count', () => {
    expect(() => cohenKappa([[1, 2]])).toThrow(RangeError);
    expect(() => cohenKappa([[1, -1], [0, 1]])).toThrow(RangeError);
  });
});

describe('gwetAc1', () => {
  it('matches irrCAC gwet.ac1.table(cont3x3abstractors): AC1 0.8493305, SE 0.04321747 (Gwet 2008)', () => {
    const result = gwetAc1(ABSTRACTORS);
    expect(result.ac1).toBeCloseTo(0.8493305, 7);
    expect(result.standardError).toBeCloseTo(0.04321747, 8);
  });

  it('stays high where kappa collapses: 125 records, 118 agreed positive, 5 + 2 disagreements (hand computation)', () => {
    // Rows A (+ 123, − 2), columns B (+ 120, − 5); p_o = 118/125 = 0.944.
    // Kappa: p_e = 0.984·0.96 + 0.016·0.04 = 0.94528; κ = (0.944 − 0.94528)/0.05472 = −4/171 = −0.023392.
    // AC1: π+ = (0.984 + 0.96)/2 = 0.972, π− = 0.028; p_e = 2·0.972·0.028 = 0.054432;
    //      AC1 = 0.889568/0.945568 = 27799/29549 = 0.940776.
    // PABAK = 2·0.944 − 1 = 0.888.
    const table = [
      [118, 5],
      [2, 0],
    ];
    expect(cohenKappa(table).kappa).toBeCloseTo(-4 / 171, 12);
    const ac1 = gwetAc1(table);
    expect(ac1.expectedAgreement).toBeCloseTo(0.054432, 12);
    expect(ac1.ac1).toBeCloseTo(27799 / 29549, 12);
    expect(pabak(table)).toBeCloseTo(0.888, 12);
  });

  it('gives AC1 1 and no interval for perfect agreement', () => {
    const result = gwetAc1([
      [10, 0],
      [0, 4],
    ]);
    expect(result.ac1).toBe(1);
    expect(result.ci95).toBeNull();
  });

  it('counts the categories of the scale, used or not (q in p_e)', () => {
    // Same 2×2 counts on a 3-category scale: π = (0.972, 0, 0.028), p_e = 0.054432/2 = 0.027216.
    const result = gwetAc1([
      [118, 0, 5],
      [0, 0, 0],
      [2, 0, 0],
    ]);
    expect(result.expectedAgreement).toBeCloseTo(0.027216, 12);
    expect(result.ac1).toBeCloseTo((0.944 - 0.027216) / (1 - 0.027216), 12);
  });
});

describe('pabak', () => {
  it('is 2p_o − 1 for two categories and (k·p_o − 1)/(k − 1) for k (Byrt, Bishop & Carlin 1993)', () => {
    // statpsych table: p_o = 89/105; 2·89/105 − 1 = 73/105.
    expect(pabak([[31, 12], [4, 58]])).toBeCloseTo(73 / 105, 12);
    // Abstractors: p_o = 0.89, k = 3: (2.67 − 1)/2 = 0.835, irrCAC's Brennan–Prediger coefficient (bp2.table 0.835),
    // which is the same quantity.
    expect(pabak(ABSTRACTORS)).toBeCloseTo(0.835, 12);
    expect(pabak([[0, 0], [0, 0]])).toBeNull();
  });
});

describe('krippendorffAlphaNominal', () => {
  it("reproduces Krippendorff's own example (Computing Krippendorff's Alpha-Reliability, 2011): 4 observers, 12 units, missing values, nominal α = 0.743", () => {
    // The reliability data matrix of the paper (also irrCAC's cac.raw4raters, krippen.alpha.raw: 0.74342).
    const _ = null;
    const observers = [
      [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
      [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
      [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
      [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
    ];
    const units = observers[0]!.map((_, u) => observers.map((row) => row[u]));
    const result = krippendorffAlphaNominal(units);
    expect(result.alpha).toBeCloseTo(0.743, 3);
    expect(result.alpha).toBeCloseTo(0.74342, 5);
    // The paper's n = 40 pairable values; unit 12 has one value and is left out.
    expect(result.pairableValues).toBe(40);
    expect(result.units).toBe(11);
  });

  it('equals 1 − (n − 1)·D_o/D_e on a hand-computed two-coder case', () => {
    // Units (a,a), (a,b), (b,b), (b,b): o_aa = 2, o_ab = o_ba = 1, o_bb = 4; n_a = 3, n_b = 5, n = 8.
    // α = 1 − 7·2 / (2·3·5) = 1 − 14/30 = 8/15.
    const result = krippendorffAlphaNominal([
      ['a', 'a'],
      ['a', 'b'],
      ['b', 'b'],
      ['b', 'b'],
    ]);
    expect(result.alpha).toBeCloseTo(8 / 15, 12);
  });

  it('is undefined when only one value occurs or nothing can be paired', () => {
    expect(krippendorffAlphaNominal([['x', 'x'], ['x', 'x', null]]).alpha).toBeNull();
    expect(krippendorffAlphaNominal([['x', null], [null, 'y']]).alpha).toBeNull();
    expect(krippendorffAlphaNominal([]).pairableValues).toBe(0);
  });
});

describe('interval95', () => {
  it('is estimate ± 1.96·SE clipped to [−1, 1], and null when degenerate', () => {
    const ci = interval95(0.5, 0.1);
    expect(ci!.low).toBeCloseTo(0.5 - 0.196, 3);
    expect(ci!.high).toBeCloseTo(0.5 + 0.196, 3);
    expect(interval95(0.9, 0.2)!.high).toBe(1);
    expect(interval95(1, 0)).toBeNull();
    expect(interval95(0.4, Number.NaN)).toBeNull();
  });
});

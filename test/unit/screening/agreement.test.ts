import { describe, expect, it } from 'vitest';
import { agreementCsv, agreementFromCounts, agreementTable, stageAlpha, type AgreementTable, type Decision } from '../../../src/screening/agreement.js';

/** The pairs behind a table: count copies of [A's decision, B's decision] per cell, rows in order. */
function pairsOf(categories: readonly Decision[], counts: readonly (readonly number[])[]): Array<[Decision, Decision]> {
  const pairs: Array<[Decision, Decision]> = [];
  counts.forEach((row, i) =>
    row.forEach((count, j) => {
      for (let c = 0; c < count; c++) pairs.push([categories[i]!, categories[j]!]);
    }),
  );
  return pairs;
}

const YES_NO: Decision[] = ['include', 'exclude'];
const ALL: Decision[] = ['include', 'maybe', 'exclude'];

describe('agreementTable: published examples', () => {
  // Wikipedia, "Cohen's kappa", Examples — simple example: 50 grant proposals read by A and B;
  // both yes 20, A yes / B no 5, A no / B yes 10, both no 15. Published: p_o = 0.7, p_e = 0.5, kappa = 0.4.
  // Yes is include, no is exclude.
  it('reproduces the 50-proposal example: p_o 0.70, p_e 0.50, kappa 0.40', () => {
    const table = agreementTable(pairsOf(YES_NO, [[20, 5], [10, 15]]));
    expect(table.categories).toEqual(['include', 'exclude']);
    expect(table.counts).toEqual([[20, 5], [10, 15]]);
    expect(table.n).toBe(50);
    expect(table.percentAgreement).toBeCloseTo(0.7, 12);
    // A said yes 25/50, B said yes 30/50: p_e = 0.5·0.6 + 0.5·0.4 = 0.5.
    expect(table.expectedAgreement).toBeCloseTo(0.5, 12);
    expect(table.kappa).toBeCloseTo(0.4, 12);
    // Fleiss, Cohen & Everitt (1969) variance by hand, p = [[.4,.1],[.2,.3]], rows .5/.5, columns .6/.4, 1 − κ = .6:
    //   diagonal .4·(1 − (.5+.6)·.6)² + .3·(1 − (.5+.4)·.6)² = .04624 + .06348
    //   off-diagonal .6²·(.1·(.6+.5)² + .2·(.4+.5)²) = .36·.283 = .10188
    //   minus (κ − p_e(1 − κ))² = (.4 − .3)² = .01
    //   var = .2016 / (50·.5²) = .016128, se = 0.126996
    expect(table.standardError).toBeCloseTo(Math.sqrt(0.016128), 12);
    expect(table.ci95!.low).toBeCloseTo(0.4 - 1.96 * Math.sqrt(0.016128), 3);
    expect(table.ci95!.high).toBeCloseTo(0.4 + 1.96 * Math.sqrt(0.016128), 3);
    expect(table.interpretation).toBe('fair');
  });

  // Wikipedia, "Cohen's kappa", Examples — same percent agreement, different kappa: both tables agree
  // on 60 of 100, published kappas 0.1304 and 0.2593.
  it('gives different kappas for the two 60%-agreement tables (0.1304 and 0.2593)', () => {
    // Rows 60/40, columns 70/30: p_e = 0.6·0.7 + 0.4·0.3 = 0.54; kappa = 0.06 / 0.46 = 0.130434…
    const first = agreementTable(pairsOf(YES_NO, [[45, 15], [25, 15]]));
    expect(first.percentAgreement).toBeCloseTo(0.6, 12);
    expect(first.expectedAgreement).toBeCloseTo(0.54, 12);
    expect(first.kappa).toBeCloseTo(0.1304, 4);
    expect(first.kappa).toBeCloseTo(0.06 / 0.46, 12);
    expect(first.interpretation).toBe('slight');
    // Rows 60/40, columns 30/70: p_e = 0.6·0.3 + 0.4·0.7 = 0.46; kappa = 0.14 / 0.54 = 0.259259…
    const second = agreementTable(pairsOf(YES_NO, [[25, 35], [5, 35]]));
    expect(second.percentAgreement).toBeCloseTo(0.6, 12);
    expect(second.expectedAgreement).toBeCloseTo(0.46, 12);
    expect(second.kappa).toBeCloseTo(0.2593, 4);
    expect(second.kappa).toBeCloseTo(0.14 / 0.54, 12);
    expect(second.interpretation).toBe('fair');
  });
});

describe('agreementTable: hand-computed tables', () => {
  it('computes a 3x3 table with maybe', () => {
    //            B: include maybe exclude | A total
    // A include      10      2      3     |  15
    // A maybe         1      4      2     |   7
    // A exclude       2      1     25     |  28
    // B total        13      7     30     |  50
    // p_o = (10 + 4 + 25) / 50 = 39/50 = 0.78
    // p_e = (15·13 + 7·7 + 28·30) / 50² = (195 + 49 + 840) / 2500 = 1084/2500 = 0.4336
    // kappa = (0.78 − 0.4336) / (1 − 0.4336) = 0.3464 / 0.5664 = 433/708 = 0.611582…  → substantial
    // FCE (1969) variance, worked in exact fractions: 1234997225 / 125632798848, se = 0.099147…
    const counts = [[10, 2, 3], [1, 4, 2], [2, 1, 25]];
    const table = agreementTable(pairsOf(ALL, counts));
    expect(table.categories).toEqual(['include', 'maybe', 'exclude']);
    expect(table.counts).toEqual(counts);
    expect(table.n).toBe(50);
    expect(table.percentAgreement).toBeCloseTo(0.78, 12);
    expect(table.expectedAgreement).toBeCloseTo(0.4336, 12);
    expect(table.kappa).toBeCloseTo(433 / 708, 12);
    expect(table.standardError).toBeCloseTo(Math.sqrt(1234997225 / 125632798848), 12);
    expect(table.ci95!.low).toBeCloseTo(0.4173, 4);
    expect(table.ci95!.high).toBeCloseTo(0.8059, 4);
    expect(table.interpretation).toBe('substantial');
  });

  it('is negative and "poor" when reviewers systematically disagree', () => {
    // [[2,8],[8,2]]: p_o = 4/20 = 0.2, margins all 10/20 so p_e = 0.5, kappa = (0.2 − 0.5)/0.5 = −0.6;
    // FCE variance: diagonal 2·.1·(1 − 1·1.6)² = .072, off-diagonal 1.6²·2·.4·1² = 2.048, minus (−.6 − .8)² = 1.96:
    // var = .16 / (20·.25) = .032.
    const table = agreementTable(pairsOf(YES_NO, [[2, 8], [8, 2]]));
    expect(table.kappa).toBeCloseTo(-0.6, 12);
    expect(table.standardError).toBeCloseTo(Math.sqrt(0.032), 12);
    expect(table.ci95!.low).toBeCloseTo(-0.6 - 1.96 * Math.sqrt(0.032), 3);
    expect(table.ci95!.high).toBeCloseTo(-0.6 + 1.96 * Math.sqrt(0.032), 3);
    expect(table.interpretation).toBe('poor');
  });

  it('clips the confidence interval to [-1, 1]', () => {
    // [[10,1],[0,10]]: kappa = (21·20 − 220)/(441 − 220) = 200/221 = 0.905, FCE se ≈ 0.0923, upper bound ≈ 1.086.
    const high = agreementTable(pairsOf(YES_NO, [[10, 1], [0, 10]]));
    expect(high.kappa).toBeCloseTo(200 / 221, 12);
    expect(high.ci95!.low).toBeLessThan(1);
    expect(high.ci95!.high).toBe(1);
    expect(high.interpretation).toBe('almost perfect');
    // Complete disagreement with balanced margins: kappa = −1 exactly, FCE variance 0 (4 − (−1 − 1)²):
    // a degenerate interval, so none.
    const low = agreementTable(pairsOf(YES_NO, [[0, 10], [10, 0]]));
    expect(low.kappa).toBe(-1);
    expect(low.standardError).toBe(0);
    expect(low.ci95).toBeNull();
  });

  it('accepts any iterable, such as a generator', () => {
    function* pairs(): Generator<[Decision, Decision]> {
      yield ['include', 'include'];
      yield ['exclude', 'exclude'];
      yield ['include', 'exclude'];
    }
    expect(agreementTable(pairs()).counts).toEqual([[1, 1], [0, 1]]);
  });

  it('rejects a decision that is not one of the three', () => {
    expect(() => agreementTable([['include', 'unsure' as Decision]])).toThrow(/unsure/);
  });
});

describe('agreementTable: edge cases', () => {
  it('gives nulls for no records', () => {
    const table = agreementTable([]);
    expect(table).toEqual<AgreementTable>({
      maybe: 'category',
      categories: ['include', 'exclude'],
      counts: [[0, 0], [0, 0]],
      scale: 3,
      n: 0,
      percentAgreement: null,
      expectedAgreement: null,
      kappa: null,
      standardError: null,
      ci95: null,
      interpretation: null,
      pabak: null,
      ac1: null,
      ac1Ci95: null,
    });
  });

  it('gives kappa exactly 1 and no interval (it would be 1.000 to 1.000) for perfect agreement using both categories', () => {
    const table = agreementTable(pairsOf(YES_NO, [[7, 0], [0, 13]]));
    expect(table.percentAgreement).toBe(1);
    expect(table.kappa).toBe(1);
    expect(table.standardError).toBe(0);
    expect(table.ci95).toBeNull();
    expect(table.interpretation).toBe('almost perfect');
    expect(table.pabak).toBe(1);
    expect(table.ac1).toBe(1);
    expect(table.ac1Ci95).toBeNull();
  });

  it('leaves kappa undefined when both reviewers excluded everything', () => {
    const table = agreementTable(pairsOf(YES_NO, [[0, 0], [0, 12]]));
    expect(table.n).toBe(12);
    expect(table.percentAgreement).toBe(1);
    expect(table.expectedAgreement).toBe(1);
    expect(table.kappa).toBeNull();
    expect(table.standardError).toBeNull();
    expect(table.ci95).toBeNull();
    expect(table.interpretation).toBeNull();
  });

  it('leaves kappa undefined when both reviewers said maybe to everything (3x3)', () => {
    const table = agreementTable(pairsOf(ALL, [[0, 0, 0], [0, 4, 0], [0, 0, 0]]));
    expect(table.categories).toEqual(ALL);
    expect(table.expectedAgreement).toBe(1);
    expect(table.kappa).toBeNull();
  });

  it('is 2x2 without maybe and 3x3 as soon as either reviewer used maybe once', () => {
    expect(agreementTable([['include', 'exclude'], ['exclude', 'exclude']]).categories).toEqual(YES_NO);
    const byA = agreementTable([['maybe', 'exclude'], ['exclude', 'exclude']]);
    expect(byA.categories).toEqual(ALL);
    expect(byA.counts).toEqual([[0, 0, 0], [0, 0, 1], [0, 0, 1]]);
    const byB = agreementTable([['include', 'maybe']]);
    expect(byB.categories).toEqual(ALL);
    expect(byB.counts).toEqual([[0, 1, 0], [0, 0, 0], [0, 0, 0]]);
  });

  it('uses Landis & Koch bands, each including its upper edge', () => {
    // [[a,b],[b,a]] has balanced margins, so p_e = 0.5 and kappa = (a − b)/(a + b) exactly.
    const cases: Array<[number, number, number, string]> = [
      [5, 5, 0, 'slight'],
      [6, 4, 0.2, 'slight'],
      [11, 9, 0.1, 'slight'],
      [7, 3, 0.4, 'fair'],
      [8, 2, 0.6, 'moderate'],
      [9, 1, 0.8, 'substantial'],
      [19, 1, 0.9, 'almost perfect'],
      [4, 6, -0.2, 'poor'],
    ];
    for (const [agree, disagree, kappa, label] of cases) {
      const table = agreementTable(pairsOf(YES_NO, [[agree, disagree], [disagree, agree]]));
      expect(table.kappa).toBe(kappa);
      expect(table.interpretation, `kappa ${kappa}`).toBe(label);
    }
    // Just above an edge moves up a band: [[41,9],[9,41]] gives kappa 0.64.
    expect(agreementTable(pairsOf(YES_NO, [[41, 9], [9, 41]])).interpretation).toBe('substantial');
    expect(agreementTable(pairsOf(YES_NO, [[121, 79], [79, 121]])).kappa).toBeCloseTo(0.21, 12);
    expect(agreementTable(pairsOf(YES_NO, [[121, 79], [79, 121]])).interpretation).toBe('fair');
  });
});

describe('PABAK, Gwet’s AC1 and maybe counted as include', () => {
  it('puts PABAK and AC1 beside kappa on the three-decision scale', () => {
    // 3x3 table of the hand-computed test above: p_o = 0.78. PABAK = (3·0.78 − 1)/2 = 0.67.
    // AC1: rows (.30, .14, .56), columns (.26, .14, .60), π = (.28, .14, .58);
    // p_e = (.28·.72 + .14·.86 + .58·.42)/2 = (.2016 + .1204 + .2436)/2 = .2828; AC1 = .4972/.7172 = 113/163.
    const table = agreementTable(pairsOf(ALL, [[10, 2, 3], [1, 4, 2], [2, 1, 25]]));
    expect(table.scale).toBe(3);
    expect(table.pabak).toBeCloseTo(0.67, 12);
    expect(table.ac1).toBeCloseTo(113 / 163, 12);
    expect(table.ac1Ci95!.low).toBeCloseTo(0.527, 3);
    expect(table.ac1Ci95!.high).toBeCloseTo(0.860, 3);
  });

  it('keeps PABAK and AC1 high when nearly everything is excluded, where kappa is low', () => {
    // 100 records: both exclude 94, both include 1, A includes 3 B excludes, B includes 2 A excludes.
    // p_o = 0.95; rows include .04, exclude .96; columns include .03, exclude .97.
    // kappa: p_e = .04·.03 + .96·.97 = .9324, κ = .0176/.0676 = 0.2604 ("fair").
    // PABAK (three decisions) = (3·.95 − 1)/2 = 0.925. AC1: π = (.035, 0, .965), p_e = 2·.035·.965/2 = .033775,
    // AC1 = .916225/.966225 = 0.94825.
    const table = agreementTable(pairsOf(YES_NO, [[1, 3], [2, 94]]));
    expect(table.kappa).toBeCloseTo(0.0176 / 0.0676, 12);
    expect(table.pabak).toBeCloseTo(0.925, 12);
    expect(table.ac1).toBeCloseTo(0.916225 / 0.966225, 12);
  });

  it('merges maybe into include when asked: a 2x2 table on a two-decision scale', () => {
    // [[10,2,3],[1,4,2],[2,1,25]] merged: include+maybe rows/columns add up to [[17,5],[3,25]].
    // p_o = 42/50 = 0.84; p_e = (22·20 + 28·30)/2500 = 0.512; kappa = 0.328/0.488 = 41/61; PABAK = 2·0.84 − 1 = 0.68.
    const table = agreementTable(pairsOf(ALL, [[10, 2, 3], [1, 4, 2], [2, 1, 25]]), 'include');
    expect(table.maybe).toBe('include');
    expect(table.categories).toEqual(YES_NO);
    expect(table.counts).toEqual([[17, 5], [3, 25]]);
    expect(table.scale).toBe(2);
    expect(table.kappa).toBeCloseTo(41 / 61, 12);
    expect(table.pabak).toBeCloseTo(0.68, 12);
    expect(table.ac1).toBeCloseTo(441 / 641, 12);
    // Same from counted cells.
    expect(agreementFromCounts({ 'include|include': 10, 'include|maybe': 2, 'include|exclude': 3, 'maybe|include': 1, 'maybe|maybe': 4, 'maybe|exclude': 2, 'exclude|include': 2, 'exclude|maybe': 1, 'exclude|exclude': 25 }, 'include')).toEqual(table);
  });

  it('turns a maybe-against-include disagreement into agreement when maybe counts as include', () => {
    const pairs: Array<[Decision, Decision]> = [['include', 'maybe'], ['exclude', 'exclude'], ['include', 'include'], ['exclude', 'exclude']];
    expect(agreementTable(pairs).percentAgreement).toBe(0.75);
    const merged = agreementTable(pairs, 'include');
    expect(merged.percentAgreement).toBe(1);
    expect(merged.kappa).toBe(1);
    expect(merged.ci95).toBeNull();
  });

  it('computes Krippendorff’s alpha over a stage’s reviewers, with maybe as a category or merged', () => {
    // Three records, three reviewers: (include, include, maybe), (exclude, exclude, exclude), (include, exclude) [one missing].
    // As categories: o_ii = 2/2 = 1... by pairs: record 1 gives i–i 2 ordered pairs, i–m 2, m–i 2, each /2:
    //   o_ii = 1, o_im = o_mi = 1; record 2: o_ee = 6/2 = 3; record 3: o_ie = o_ei = 1.
    //   n_i = 1 + 1 + 1 = 3, n_m = 1, n_e = 3 + 1 = 4, n = 8; Σ_{c≠k} o = 4; Σ_{c≠k} n_c n_k = 64 − (9 + 1 + 16) = 38.
    //   α = 1 − 7·4/38 = 10/38 = 0.26316.
    // Merged: record 1 is (i, i, i): o_ii = 3; o_ee = 3; o_ie = o_ei = 1; n_i = 4, n_e = 4; α = 1 − 7·2/32 = 18/32 = 0.5625.
    const records: Decision[][] = [['include', 'include', 'maybe'], ['exclude', 'exclude', 'exclude'], ['include', 'exclude']];
    expect(stageAlpha(records).alpha).toBeCloseTo(10 / 38, 12);
    expect(stageAlpha(records, 'include').alpha).toBeCloseTo(0.5625, 12);
    expect(stageAlpha(records).units).toBe(3);
  });
});

describe('agreementFromCounts', () => {
  const counts = [[10, 2, 3], [1, 4, 2], [2, 1, 25]];
  const keyed = Object.fromEntries(ALL.flatMap((a, i) => ALL.map((b, j) => [`${a}|${b}`, counts[i]![j]!])));

  it('equals agreementTable on the same data, from a record or a map', () => {
    const expected = agreementTable(pairsOf(ALL, counts));
    expect(agreementFromCounts(keyed)).toEqual(expected);
    expect(agreementFromCounts(new Map(Object.entries(keyed)))).toEqual(expected);
  });

  it('treats missing and zero maybe cells alike: 2x2', () => {
    const sparse = agreementFromCounts({ 'include|include': 20, 'include|exclude': 5, 'exclude|include': 10, 'exclude|exclude': 15 });
    const withZeros = agreementFromCounts({ 'include|include': 20, 'include|maybe': 0, 'include|exclude': 5, 'exclude|include': 10, 'maybe|maybe': 0, 'exclude|exclude': 15 });
    const expected = agreementTable(pairsOf(YES_NO, [[20, 5], [10, 15]]));
    expect(sparse).toEqual(expected);
    expect(withZeros).toEqual(expected);
    expect(sparse.kappa).toBeCloseTo(0.4, 12);
  });

  it('gives all nulls for no counts', () => {
    expect(agreementFromCounts(new Map())).toEqual(agreementTable([]));
  });

  it('rejects unknown keys and counts that are not whole numbers ≥ 0', () => {
    expect(() => agreementFromCounts({ 'include|unsure': 1 })).toThrow(RangeError);
    expect(() => agreementFromCounts({ include: 1 })).toThrow(RangeError);
    expect(() => agreementFromCounts({ 'include|exclude|maybe': 1 })).toThrow(RangeError);
    expect(() => agreementFromCounts({ 'include|exclude': -1 })).toThrow(RangeError);
    expect(() => agreementFromCounts({ 'include|exclude': 1.5 })).toThrow(RangeError);
  });
});

describe('agreementCsv', () => {
  const HEADER = [
    'stage', 'reviewer_a', 'reviewer_b', 'n', 'percent_agreement', 'kappa', 'ci_low', 'ci_high', 'interpretation',
    'a_include_b_include', 'a_include_b_maybe', 'a_include_b_exclude',
    'a_maybe_b_include', 'a_maybe_b_maybe', 'a_maybe_b_exclude',
    'a_exclude_b_include', 'a_exclude_b_maybe', 'a_exclude_b_exclude',
    'maybe_counted_as', 'kappa_se', 'pabak', 'gwet_ac1', 'gwet_ac1_ci_low', 'gwet_ac1_ci_high', 'stage_reviewers', 'stage_krippendorff_alpha',
  ].join(',');
  // The Wikipedia table's added figures on the three-decision scale (hand computations in the tests above and below):
  // kappa se 0.127, PABAK (3·0.7 − 1)/2 = 0.550, AC1 181/301 = 0.601 (95% CI 0.432 to 0.771).
  const WIKIPEDIA_TAIL = 'category,0.127,0.550,0.601,0.432,0.771,2,';
  const wikipedia = agreementTable(pairsOf(YES_NO, [[20, 5], [10, 15]]));

  it('has exactly the specified header, CRLF line ends, and a header alone for no rows', () => {
    expect(agreementCsv([])).toBe(`${HEADER}\r\n`);
    const csv = agreementCsv([{ stage: 'title_abstract', reviewerA: 'Ada', reviewerB: 'Ben', table: wikipedia, stageReviewers: 2, stageAlpha: null }]);
    expect(csv.split('\r\n')[0]).toBe(HEADER);
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('writes percent with 1 decimal, kappa and CI with 3, all nine cells of a 2x2 table, then the added figures', () => {
    const csv = agreementCsv([{ stage: 'title_abstract', reviewerA: 'Ada', reviewerB: 'Ben', table: wikipedia, stageReviewers: 2, stageAlpha: null }]);
    // ci = 0.4 ± 1.96·0.126996 = [0.151, 0.649].
    expect(csv.split('\r\n')[1]).toBe(`title_abstract,Ada,Ben,50,70.0,0.400,0.151,0.649,fair,20,0,5,0,0,0,10,0,15,${WIKIPEDIA_TAIL}`);
  });

  it('writes the 3x3 cells in include, maybe, exclude order and a negative kappa as a number', () => {
    const threeByThree = agreementTable(pairsOf(ALL, [[10, 2, 3], [1, 4, 2], [2, 1, 25]]));
    const disagreeing = agreementTable(pairsOf(YES_NO, [[2, 8], [8, 2]]));
    const lines = agreementCsv([
      { stage: 'full_text', reviewerA: 'Ada', reviewerB: 'Ben', table: threeByThree, stageReviewers: 2, stageAlpha: null },
      { stage: 'full_text', reviewerA: 'Ada', reviewerB: 'Cy', table: disagreeing, stageReviewers: 2, stageAlpha: null },
    ]).split('\r\n');
    // 3x3: FCE se 0.0991 (CI 0.417 to 0.806); PABAK (3·0.78 − 1)/2 = 0.670; AC1: π = (.28, .14, .58),
    // p_e = (.2016 + .1204 + .2436)/2 = .2828, AC1 = (.78 − .2828)/.7172 = 113/163 = 0.693, se 0.0849 (CI 0.527 to 0.860).
    expect(lines[1]).toBe('full_text,Ada,Ben,50,78.0,0.612,0.417,0.806,substantial,10,2,3,1,4,2,2,1,25,category,0.099,0.670,0.693,0.527,0.860,2,');
    // [[2,8],[8,2]] on three decisions: PABAK (3·0.2 − 1)/2 = −0.2; AC1: π = (.5, 0, .5), p_e = .25, AC1 = −.05/.75 = −0.067.
    expect(lines[2]).toBe('full_text,Ada,Cy,20,20.0,-0.600,-0.951,-0.249,poor,2,0,8,0,0,0,8,0,2,category,0.179,-0.200,-0.067,-0.300,0.167,2,');
    expect(lines[3]).toBe('');
    expect(lines).toHaveLength(4);
  });

  it('leaves null figures blank', () => {
    const empty = agreementCsv([{ stage: 's', reviewerA: 'A', reviewerB: 'B', table: agreementTable([]), stageReviewers: 2, stageAlpha: null }]);
    expect(empty.split('\r\n')[1]).toBe('s,A,B,0,,,,,,0,0,0,0,0,0,0,0,0,category,,,,,,2,');
    const allExcluded = agreementCsv([{ stage: 's', reviewerA: 'A', reviewerB: 'B', table: agreementTable([['exclude', 'exclude']]), stageReviewers: 2, stageAlpha: null }]);
    // Kappa is undefined (p_e = 1); PABAK and AC1 are 1, AC1 with a degenerate (blank) interval.
    expect(allExcluded.split('\r\n')[1]).toBe('s,A,B,1,100.0,,,,,0,0,0,0,0,0,0,0,1,category,,1.000,1.000,,,2,');
  });

  it('neutralises formula injection and quotes commas and quotes', () => {
    const csv = agreementCsv([{ stage: 'title_abstract', reviewerA: '=HYPERLINK("x")', reviewerB: 'Smith, "Jo"', table: wikipedia, stageReviewers: 2, stageAlpha: null }]);
    expect(csv.split('\r\n')[1]).toBe(`title_abstract,"'=HYPERLINK(""x"")","Smith, ""Jo""",50,70.0,0.400,0.151,0.649,fair,20,0,5,0,0,0,10,0,15,${WIKIPEDIA_TAIL}`);
  });

  it('prefixes every formula-starting character, including tab and CR, and quotes line breaks', () => {
    const cases: Array<[string, string]> = [
      ['+1', "'+1"],
      ['-2', "'-2"],
      ['@SUM(A1)', "'@SUM(A1)"],
      ['\tx', "'\tx"],
      ['\rx', `"'\rx"`],
      ['a\nb', '"a\nb"'],
      ['O\u2019Brien', 'O\u2019Brien'],
      ["'quoted", "'quoted"],
      ['a=b', 'a=b'],
    ];
    for (const [name, cell] of cases) {
      const csv = agreementCsv([{ stage: 's', reviewerA: name, reviewerB: 'B', table: wikipedia, stageReviewers: 2, stageAlpha: null }]);
      expect(csv.slice(HEADER.length + 2)).toBe(`s,${cell},B,50,70.0,0.400,0.151,0.649,fair,20,0,5,0,0,0,10,0,15,${WIKIPEDIA_TAIL}\r\n`);
    }
  });

  it("writes maybe merged into include, and the stage's reviewers and alpha", () => {
    const merged = agreementTable(pairsOf(ALL, [[10, 2, 3], [1, 4, 2], [2, 1, 25]]), 'include');
    const line = agreementCsv([{ stage: 'title_abstract', reviewerA: 'Ada', reviewerB: 'Ben', table: merged, stageReviewers: 3, stageAlpha: 0.5 }]).split('\r\n')[1];
    // Merged table [[17,5],[3,25]]: p_o = 0.84, p_e = (22·20 + 28·30)/2500 = 0.512, kappa = 41/61 = 0.672, FCE se 0.1057
    // (CI 0.465 to 0.879); PABAK 2·0.84 − 1 = 0.680; AC1: π = (.42, .58), p_e = .4872, AC1 = .3528/.5128 = 441/641 = 0.688
    // (se 0.1028, CI 0.486 to 0.889).
    expect(line).toBe('title_abstract,Ada,Ben,50,84.0,0.672,0.465,0.879,substantial,17,0,5,0,0,0,3,0,25,include,0.106,0.680,0.688,0.486,0.889,3,0.500');
  });
});

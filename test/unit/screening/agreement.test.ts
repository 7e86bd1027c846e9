import { describe, expect, it } from 'vitest';
import { agreementCsv, agreementFromCounts, agreementTable, type AgreementTable, type Decision } from '../../../src/screening/agreement.js';

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
    // se = sqrt(0.7·0.3 / (50·0.5²)) = sqrt(0.0168) = 0.129615…
    expect(table.standardError).toBeCloseTo(Math.sqrt(0.0168), 12);
    expect(table.ci95![0]).toBeCloseTo(0.4 - 1.96 * Math.sqrt(0.0168), 12);
    expect(table.ci95![1]).toBeCloseTo(0.4 + 1.96 * Math.sqrt(0.0168), 12);
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
    // se = sqrt(0.78·0.22 / (50·0.5664²)) = sqrt(0.1716 / 16.040448) = 0.103431…
    const counts = [[10, 2, 3], [1, 4, 2], [2, 1, 25]];
    const table = agreementTable(pairsOf(ALL, counts));
    expect(table.categories).toEqual(['include', 'maybe', 'exclude']);
    expect(table.counts).toEqual(counts);
    expect(table.n).toBe(50);
    expect(table.percentAgreement).toBeCloseTo(0.78, 12);
    expect(table.expectedAgreement).toBeCloseTo(0.4336, 12);
    expect(table.kappa).toBeCloseTo(433 / 708, 12);
    expect(table.standardError).toBeCloseTo(Math.sqrt(0.1716 / 16.040448), 12);
    expect(table.standardError).toBeCloseTo(0.103431, 6);
    expect(table.ci95![0]).toBeCloseTo(433 / 708 - 1.96 * 0.10343092, 6);
    expect(table.ci95![1]).toBeCloseTo(433 / 708 + 1.96 * 0.10343092, 6);
    expect(table.interpretation).toBe('substantial');
  });

  it('is negative and "poor" when reviewers systematically disagree', () => {
    // [[2,8],[8,2]]: p_o = 4/20 = 0.2, margins all 10/20 so p_e = 0.5, kappa = (0.2 − 0.5)/0.5 = −0.6;
    // se = sqrt(0.2·0.8 / (20·0.25)) = sqrt(0.032).
    const table = agreementTable(pairsOf(YES_NO, [[2, 8], [8, 2]]));
    expect(table.kappa).toBeCloseTo(-0.6, 12);
    expect(table.standardError).toBeCloseTo(Math.sqrt(0.032), 12);
    expect(table.ci95![0]).toBeCloseTo(-0.6 - 1.96 * Math.sqrt(0.032), 12);
    expect(table.ci95![1]).toBeCloseTo(-0.6 + 1.96 * Math.sqrt(0.032), 12);
    expect(table.interpretation).toBe('poor');
  });

  it('clips the confidence interval to [-1, 1]', () => {
    // [[10,1],[0,10]]: kappa = (21·20 − 220)/(441 − 220) = 200/221 = 0.905, se ≈ 0.0927, upper bound ≈ 1.087.
    const high = agreementTable(pairsOf(YES_NO, [[10, 1], [0, 10]]));
    expect(high.kappa).toBeCloseTo(200 / 221, 12);
    expect(high.ci95![0]).toBeLessThan(1);
    expect(high.ci95![1]).toBe(1);
    expect(high.interpretation).toBe('almost perfect');
    // Complete disagreement with balanced margins: kappa = −1 exactly, se = 0.
    const low = agreementTable(pairsOf(YES_NO, [[0, 10], [10, 0]]));
    expect(low.kappa).toBe(-1);
    expect(low.ci95).toEqual([-1, -1]);
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
      categories: ['include', 'exclude'],
      counts: [[0, 0], [0, 0]],
      n: 0,
      percentAgreement: null,
      expectedAgreement: null,
      kappa: null,
      standardError: null,
      ci95: null,
      interpretation: null,
    });
  });

  it('gives kappa exactly 1 for perfect agreement using both categories', () => {
    const table = agreementTable(pairsOf(YES_NO, [[7, 0], [0, 13]]));
    expect(table.percentAgreement).toBe(1);
    expect(table.kappa).toBe(1);
    expect(table.standardError).toBe(0);
    expect(table.ci95).toEqual([1, 1]);
    expect(table.interpretation).toBe('almost perfect');
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
  ].join(',');
  const wikipedia = agreementTable(pairsOf(YES_NO, [[20, 5], [10, 15]]));

  it('has exactly the specified header, CRLF line ends, and a header alone for no rows', () => {
    expect(agreementCsv([])).toBe(`${HEADER}\r\n`);
    const csv = agreementCsv([{ stage: 'title_abstract', reviewerA: 'Ada', reviewerB: 'Ben', table: wikipedia }]);
    expect(csv.split('\r\n')[0]).toBe(HEADER);
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('writes percent with 1 decimal, kappa and CI with 3, and all nine cells of a 2x2 table', () => {
    const csv = agreementCsv([{ stage: 'title_abstract', reviewerA: 'Ada', reviewerB: 'Ben', table: wikipedia }]);
    // ci = 0.4 ± 1.96·0.129615 = [0.146, 0.654].
    expect(csv.split('\r\n')[1]).toBe('title_abstract,Ada,Ben,50,70.0,0.400,0.146,0.654,fair,20,0,5,0,0,0,10,0,15');
  });

  it('writes the 3x3 cells in include, maybe, exclude order and a negative kappa as a number', () => {
    const threeByThree = agreementTable(pairsOf(ALL, [[10, 2, 3], [1, 4, 2], [2, 1, 25]]));
    const disagreeing = agreementTable(pairsOf(YES_NO, [[2, 8], [8, 2]]));
    const lines = agreementCsv([
      { stage: 'full_text', reviewerA: 'Ada', reviewerB: 'Ben', table: threeByThree },
      { stage: 'full_text', reviewerA: 'Ada', reviewerB: 'Cy', table: disagreeing },
    ]).split('\r\n');
    expect(lines[1]).toBe('full_text,Ada,Ben,50,78.0,0.612,0.409,0.814,substantial,10,2,3,1,4,2,2,1,25');
    expect(lines[2]).toBe('full_text,Ada,Cy,20,20.0,-0.600,-0.951,-0.249,poor,2,0,8,0,0,0,8,0,2');
    expect(lines[3]).toBe('');
    expect(lines).toHaveLength(4);
  });

  it('leaves null figures blank', () => {
    const empty = agreementCsv([{ stage: 's', reviewerA: 'A', reviewerB: 'B', table: agreementTable([]) }]);
    expect(empty.split('\r\n')[1]).toBe('s,A,B,0,,,,,,0,0,0,0,0,0,0,0,0');
    const allExcluded = agreementCsv([{ stage: 's', reviewerA: 'A', reviewerB: 'B', table: agreementTable([['exclude', 'exclude']]) }]);
    expect(allExcluded.split('\r\n')[1]).toBe('s,A,B,1,100.0,,,,,0,0,0,0,0,0,0,0,1');
  });

  it('neutralises formula injection and quotes commas and quotes', () => {
    const csv = agreementCsv([{ stage: 'title_abstract', reviewerA: '=HYPERLINK("x")', reviewerB: 'Smith, "Jo"', table: wikipedia }]);
    expect(csv.split('\r\n')[1]).toBe(`title_abstract,"'=HYPERLINK(""x"")","Smith, ""Jo""",50,70.0,0.400,0.146,0.654,fair,20,0,5,0,0,0,10,0,15`);
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
      const csv = agreementCsv([{ stage: 's', reviewerA: name, reviewerB: 'B', table: wikipedia }]);
      expect(csv.slice(HEADER.length + 2)).toBe(`s,${cell},B,50,70.0,0.400,0.146,0.654,fair,20,0,5,0,0,0,10,0,15\r\n`);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { coderAgreement } from '../../../src/double-coding/coder-agreement.js';

describe('coder agreement per code group', () => {
  /**
   * Two studies, a group of three codes: six units (study × code).
   *   study 1: code 1 both, code 2 first coder only, code 3 neither
   *   study 2: code 1 both, code 2 neither,          code 3 second coder only
   * Table [[both 2, first only 1], [second only 1, neither 2]], n = 6.
   *   p_o = 4/6 = 0.6667; each coder applied 3 of 6: p_e = 0.5·0.5 + 0.5·0.5 = 0.5
   *   kappa = (0.6667 − 0.5) / (1 − 0.5) = 1/3; PABAK = 2·p_o − 1 = 1/3
   * Krippendorff's alpha, coincidences (each unit's two values paired both ways, weight 1/(2−1)):
   *   o(app,app) = 2·2 = 4, o(not,not) = 4, o(app,not) = o(not,app) = 2; n_app = n_not = 6, n = 12
   *   alpha = 1 − (n − 1)·Σ_{c≠k} o_ck / Σ_{c≠k} n_c·n_k = 1 − 11·4 / (6·6·2) = 1 − 44/72 = 0.3889
   */
  it('counts units as study × code and reads kappa, percent agreement and alpha off them', () => {
    const [row] = coderAgreement(
      [{ id: 10, name: 'Level', codeIds: [1, 2, 3] }],
      [
        [new Set([1, 2]), new Set([1])],
        [new Set([1, 99]), new Set([1, 3])],
      ],
    );
    expect(row!.units).toBe(6);
    expect(row!.table).toEqual([[2, 1], [1, 2]]);
    expect(row!.percentAgreement).toBeCloseTo(4 / 6, 10);
    expect(row!.kappa.kappa).toBeCloseTo(1 / 3, 10);
    expect(row!.pabak).toBeCloseTo(1 / 3, 10);
    expect(row!.alpha.alpha).toBeCloseTo(1 - 44 / 72, 10);
    expect(row!.alpha.units).toBe(6);
  });

  it('gives each group its own units, and no statistic without a unit', () => {
    const rows = coderAgreement(
      [{ id: 1, name: 'Direction', codeIds: [5, 6] }, { id: 2, name: 'Empty group', codeIds: [] }],
      [[new Set([5]), new Set([5])]],
    );
    // Two units, both coders alike (code 5 applied, code 6 not): perfect agreement.
    expect(rows[0]!.table).toEqual([[1, 0], [0, 1]]);
    expect(rows[0]!.kappa.kappa).toBe(1);
    expect(rows[1]!.units).toBe(0);
    expect(rows[1]!.kappa.kappa).toBeNull();
    expect(rows[1]!.percentAgreement).toBeNull();
  });
});

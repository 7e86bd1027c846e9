/**
 * Agreement between the two coders of double-coded studies, per code group (a top-level code of the
 * codebook). The unit is a study × a code of the group: did each coder apply the code to the study,
 * on the study itself or on any excerpt? Over the studies whose two passes are finished, that gives a
 * two-category (applied / not applied) table per group, read by the shared agreement statistics.
 *
 * ```ts
 * const rows = coderAgreement([{ id: 1, name: 'Level', codeIds: [2, 3, 4] }], [[new Set([2]), new Set([2, 3])]]);
 * // rows[0].units 3 (codes 2, 3, 4), rows[0].kappa.kappa 0.4
 * ```
 */
import { cohenKappa, krippendorffAlphaNominal, pabak, type CohenKappa, type KrippendorffAlpha } from '../statistics/agreement-statistics.js';

export interface AgreementGroup {
  id: number;
  name: string;
  /** The group's codes and sub-codes (not the group itself, which is not applied). */
  codeIds: readonly number[];
}

/** One double-coded study: the codes each coder applied (first coder, second coder). */
export type CodedTwice = readonly [ReadonlySet<number>, ReadonlySet<number>];

export interface GroupAgreement {
  id: number;
  name: string;
  /** Studies × codes of the group. */
  units: number;
  /** [[both applied, first only], [second only, neither]]. */
  table: [[number, number], [number, number]];
  /** Share of units both coders treated alike; null with no unit. */
  percentAgreement: number | null;
  kappa: CohenKappa;
  /** Prevalence- and bias-adjusted kappa: codes are rarely applied, which drags kappa down. */
  pabak: number | null;
  alpha: KrippendorffAlpha;
}

export function coderAgreement(groups: readonly AgreementGroup[], studies: readonly CodedTwice[]): GroupAgreement[] {
  return groups.map((group) => {
    const table: [[number, number], [number, number]] = [[0, 0], [0, 0]];
    const units: Array<[string, string]> = [];
    for (const [first, second] of studies) {
      for (const codeId of group.codeIds) {
        const a = first.has(codeId);
        const b = second.has(codeId);
        table[a ? 0 : 1][b ? 0 : 1] += 1;
        units.push([a ? 'applied' : 'not applied', b ? 'applied' : 'not applied']);
      }
    }
    const kappa = cohenKappa(table);
    return { id: group.id, name: group.name, units: units.length, table, percentAgreement: kappa.observedAgreement, kappa, pabak: pabak(table), alpha: krippendorffAlphaNominal(units) };
  });
}

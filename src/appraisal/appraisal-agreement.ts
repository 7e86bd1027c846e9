/**
 * Agreement between two appraisers over the items (question × study) both answered, per instrument:
 * percent agreement and Cohen's kappa on the instrument's answer scale, from the shared statistics.
 */
import { cohenKappa, type CohenKappa } from '../statistics/agreement-statistics.js';
import type { Choice } from './instruments/instrument-model.js';
import type { AnswerValue } from './appraisal-rules.js';

export interface AppraisalAgreement {
  /** Studies with two finished appraisals. */
  studies: number;
  /** Items both answered. */
  items: number;
  /** Observed agreement as a share (0–1), null with no items. */
  percent: number | null;
  kappa: CohenKappa;
}

/**
 * The two appraisals of each study (finished ones) → agreement. Items are the questions both
 * answered; answers outside the scale (an instrument edited since) are left out.
 */
export function appraisalAgreement(scale: readonly Choice[], pairs: ReadonlyArray<readonly [Record<string, AnswerValue>, Record<string, AnswerValue>]>): AppraisalAgreement {
  const index = new Map(scale.map((c, i) => [c.key, i]));
  const table = scale.map(() => scale.map(() => 0));
  let items = 0;
  for (const [a, b] of pairs) {
    for (const [id, answerA] of Object.entries(a)) {
      const i = index.get(answerA.answer);
      const j = index.get(b[id]?.answer ?? '');
      if (i === undefined || j === undefined) continue;
      table[i]![j]! += 1;
      items += 1;
    }
  }
  const kappa = cohenKappa(table);
  return { studies: pairs.length, items, percent: kappa.observedAgreement, kappa };
}

/**
 * The stopping estimate of a stage, as the ranker stores it with each ranking (ranking_stage.
 * estimate_json) and the screening and PRISMA pages read it: the statistical test of
 * src/ranking/stopping-test.ts over the stage's settled outcomes in the order they settled
 * (settled-order.ts), the curve of relevant records found against records screened, and the
 * words the methods can cite.
 */
import { stoppingEstimate, type StoppingEstimate } from '../ranking/stopping-test.js';

export interface StageEstimate extends StoppingEstimate {
  /** Records the stage holds (duplicates and reports not retrieved left out): the test's N. */
  total: number;
  recallTarget: number;
  /** [records screened, relevant found] at most CURVE_POINTS points, first and last included. */
  curve: Array<[number, number]>;
}

const CURVE_POINTS = 120;

export function stageEstimate(settled: Uint8Array, total: number, recallTarget: number): StageEstimate {
  return { ...stoppingEstimate(settled, total, recallTarget), total, recallTarget, curve: foundCurve(settled) };
}

function foundCurve(settled: Uint8Array): Array<[number, number]> {
  const step = Math.max(1, Math.ceil(settled.length / CURVE_POINTS));
  const curve: Array<[number, number]> = [[0, 0]];
  let found = 0;
  settled.forEach((label, i) => {
    found += label;
    if ((i + 1) % step === 0 || i === settled.length - 1) curve.push([i + 1, found]);
  });
  return curve;
}

/** A p-value as a methods section writes it: three decimals, or "< 0.001". */
export function formatP(p: number): string {
  return p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`;
}

/**
 * What the methods can cite once the test says the target was reached (null before): "stopped
 * after" once an owner recorded the stop, "could stop after" until then.
 */
export function methodsSentence(stageLabel: string, e: StageEstimate, stopped: boolean): string | null {
  if (!e.targetReached || e.pValue === null) return null;
  return `${stageLabel} screening used prioritised screening (records ranked by a TF-IDF and linear SVM model retrained as decisions settled) ` +
    `and ${stopped ? 'stopped' : 'could stop'} after ${e.screened.toLocaleString('en-GB')} of ${e.total.toLocaleString('en-GB')} records; the stopping test of Callaghan and ` +
    `Müller-Hansen (2020) estimated recall ≥ ${Math.round(e.recallTarget * 100)}% (${formatP(e.pValue)}).`;
}

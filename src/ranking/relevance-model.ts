import { BALANCE_RATIO, balancedSampleWeights } from './balance.js';
import { decisionScores, trainLinearSvm } from './linear-svm.js';
import { MAX_DF } from './text-features.js';
import type { CsrMatrix } from './tfidf.js';

/**
 * ASReview v2's default model, ELAS u4 (asreview/models/models.py): LinearSVC(loss='squared_hinge', C=0.11),
 * Balanced(ratio=9.8), TF-IDF with max_df 0.95 (the other feature settings are in text-features.ts).
 */
export const ELAS_U4 = { C: 0.11, ratio: BALANCE_RATIO, maxDf: MAX_DF } as const;

/** Trains ELAS u4's classifier on the labelled rows and returns every row's relevance score (higher first). */
export function trainAndScore(X: CsrMatrix, labelledRows: ArrayLike<number>, labels: ArrayLike<number>, seed = 0): Float64Array {
  return trainAndScoreFrom(X, labelledRows, labels, seed).scores;
}

/**
 * The same, starting from the dual variables of an earlier training (one per labelled row, 0 for
 * new rows), and returning this training's for the next: the server retrains after a few more
 * settled decisions, and starting near the optimum takes fewer passes. The scores agree with a
 * fresh training to within the solver's tolerance.
 */
export function trainAndScoreFrom(
  X: CsrMatrix,
  labelledRows: ArrayLike<number>,
  labels: ArrayLike<number>,
  seed = 0,
  initialAlpha?: ArrayLike<number>,
): { scores: Float64Array; alpha: Float64Array } {
  let ones = 0;
  let zeros = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] === 1) ones++;
    else if (labels[i] === 0) zeros++;
  }
  if (ones === 0 || zeros === 0) {
    throw new Error(`the model needs at least one relevant and one irrelevant label (has ${ones} and ${zeros})`);
  }
  const sampleWeight = balancedSampleWeights(labels, ELAS_U4.ratio);
  const model = trainLinearSvm(X, labelledRows, labels, { C: ELAS_U4.C, sampleWeight, seed, initialAlpha });
  return { scores: decisionScores(X, model), alpha: model.alpha };
}

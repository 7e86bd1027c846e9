import { describe, expect, it } from 'vitest';
import { balancedSampleWeights } from '../../../src/ranking/balance.js';
import { decisionScores, trainLinearSvm } from '../../../src/ranking/linear-svm.js';
import { ELAS_U4, trainAndScore, trainAndScoreFrom } from '../../../src/ranking/relevance-model.js';
import { tfidfMatrix } from '../../../src/ranking/tfidf.js';
import { corpusTermCounts } from './corpus.js';
import { SKLEARN } from './sklearn-reference.js';

/*
 * Expected values: scikit-learn 1.2.1 (sklearn-reference.py): LinearSVC(loss='squared_hinge', C=0.11,
 * random_state=0) fitted on the labelled rows with ASReview's Balanced(ratio=9.8) sample weights, its
 * decision_function over all rows; once at the default tol 1e-4 and once at tol 1e-10.
 *
 * Tolerances: dual coordinate descent stops when the projected gradient's spread is below tol, so a solution
 * depends on the order coordinates were visited (liblinear shuffles with scikit-learn's own generator, we with
 * ours). scikit-learn's own tol-1e-4 scores differ from its tol-1e-10 ones by at most 9.1e-7 here, so 1e-5 at the
 * default tol is a tenfold margin; at tol 1e-10 both solvers reach the unique optimum and must agree to 1e-8.
 * The scores of different records here differ by at least 6.9e-4, so the order must match exactly.
 */

const X = tfidfMatrix(corpusTermCounts());
const order = (scores: ArrayLike<number>) => Array.from(scores, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);

describe('balancedSampleWeights', () => {
  it("equals ASReview's Balanced(ratio=9.8).compute_sample_weight", () => {
    const weights = balancedSampleWeights(SKLEARN.labels);
    SKLEARN.sampleWeights.forEach((weight, i) => expect(Math.abs(weights[i]! - weight)).toBeLessThan(1e-14));
    // By hand: 3 relevant, 4 irrelevant; irrelevant weigh 3 / (9.8 × 4) before scaling to a sum of 7.
    expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(7, 12);
    expect(weights[0]! / weights[6]!).toBeCloseTo((9.8 * 4) / 3, 12);
  });

  it('refuses a single class and labels other than 0 and 1', () => {
    expect(() => balancedSampleWeights([1, 1])).toThrow(/at least one relevant and one irrelevant/);
    expect(() => balancedSampleWeights([1, 2])).toThrow(/neither 0 nor 1/);
  });
});

describe('trainAndScore (ELAS u4)', () => {
  it('uses ELAS u4 settings', () => {
    expect(ELAS_U4).toEqual({ C: 0.11, ratio: 9.8, maxDf: 0.95 });
  });

  it("gives scikit-learn's LinearSVC decision_function to 1e-5 and its ranking exactly", () => {
    const scores = trainAndScore(X, SKLEARN.rows, SKLEARN.labels);
    SKLEARN.svmScores.forEach((score, row) => expect(Math.abs(scores[row]! - score)).toBeLessThan(1e-5));
    expect(order(scores)).toEqual(order(SKLEARN.svmScores));
  });

  it('is the same for the same seed; another seed reaches the same optimum within the tolerance', () => {
    const once = trainAndScore(X, SKLEARN.rows, SKLEARN.labels, 7);
    expect(trainAndScore(X, SKLEARN.rows, SKLEARN.labels, 7)).toEqual(once);
    const other = trainAndScore(X, SKLEARN.rows, SKLEARN.labels, 8);
    once.forEach((score, row) => expect(Math.abs(score - other[row]!)).toBeLessThan(1e-5));
  });

  it("started from an earlier training's dual variables, reaches scikit-learn's scores for the labels it has now", () => {
    // The earlier training lacked the last labelled row; the new one starts where it ended (0 for the new row).
    const earlier = trainAndScoreFrom(X, SKLEARN.rows.slice(0, -1), SKLEARN.labels.slice(0, -1));
    const start = [...earlier.alpha, 0];
    const warm = trainAndScoreFrom(X, SKLEARN.rows, SKLEARN.labels, 0, start);
    SKLEARN.svmScores.forEach((score, row) => expect(Math.abs(warm.scores[row]! - score)).toBeLessThan(1e-5));
    expect(order(warm.scores)).toEqual(order(SKLEARN.svmScores));
    // Started at its own solution, the solver stays within its tolerance of it.
    const again = trainAndScoreFrom(X, SKLEARN.rows, SKLEARN.labels, 0, warm.alpha);
    warm.scores.forEach((score, row) => expect(Math.abs(again.scores[row]! - score)).toBeLessThan(1e-5));
    expect(() => trainAndScoreFrom(X, SKLEARN.rows, SKLEARN.labels, 0, [1])).toThrow(/initialAlpha and rows differ/);
  });

  it('refuses to train without at least one relevant and one irrelevant label', () => {
    expect(() => trainAndScore(X, [0, 1], [1, 1])).toThrow(/at least one relevant and one irrelevant/);
    expect(() => trainAndScore(X, [], [])).toThrow(/at least one relevant and one irrelevant/);
  });
});

describe('trainLinearSvm', () => {
  const sampleWeight = balancedSampleWeights(SKLEARN.labels);

  it("reaches scikit-learn's optimum to 1e-8 at tol 1e-10", () => {
    const model = trainLinearSvm(X, SKLEARN.rows, SKLEARN.labels, { C: 0.11, sampleWeight, tol: 1e-10, maxIter: 100_000 });
    const scores = decisionScores(X, model);
    SKLEARN.svmScoresExact.forEach((score, row) => expect(Math.abs(scores[row]! - score)).toBeLessThan(1e-8));
  });

  it('leaves out a sample of weight 0, as liblinear does', () => {
    const options = { C: 0.11, tol: 1e-10, maxIter: 100_000 };
    const without = trainLinearSvm(X, SKLEARN.rows, SKLEARN.labels, { ...options, sampleWeight });
    const withZero = trainLinearSvm(X, [...SKLEARN.rows, 11], [...SKLEARN.labels, 1], {
      ...options,
      sampleWeight: [...sampleWeight, 0],
    });
    const a = decisionScores(X, without);
    const b = decisionScores(X, withZero);
    a.forEach((score, row) => expect(Math.abs(score - b[row]!)).toBeLessThan(1e-9));
  });

  it('scores the given rows in their order', () => {
    const model = trainLinearSvm(X, SKLEARN.rows, SKLEARN.labels, { C: 0.11, sampleWeight });
    const all = decisionScores(X, model);
    expect([...decisionScores(X, model, [11, 3, 3])]).toEqual([all[11], all[3], all[3]]);
    expect(() => decisionScores(X, model, [12])).toThrow(/not a row/);
  });

  it('refuses rows outside X, bad labels and bad weights', () => {
    expect(() => trainLinearSvm(X, [12], [1])).toThrow(/not a row/);
    expect(() => trainLinearSvm(X, [0], [2])).toThrow(/neither 0 nor 1/);
    expect(() => trainLinearSvm(X, [0], [1], { sampleWeight: [-1] })).toThrow(/not a weight/);
    expect(() => trainLinearSvm(X, [0, 1], [1])).toThrow(/differ in length/);
  });
});

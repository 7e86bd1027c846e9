import type { CsrMatrix } from './tfidf.js';

/** A linear classifier: score = x · weights + bias. */
export interface LinearModel {
  weights: Float64Array;
  bias: number;
  /** The dual variables, one per labelled row given (0 for a row of weight 0): a warm start for the next training. */
  alpha: Float64Array;
}

export interface SvmOptions {
  C?: number;
  sampleWeight?: ArrayLike<number>;
  tol?: number;
  maxIter?: number;
  seed?: number;
  /**
   * Dual variables to start from, one per labelled row (a previous training's `alpha`, 0 for a new
   * row). The optimum is the same (the squared hinge's duals have no upper bound, so any α ≥ 0 is a
   * feasible start); after one or a few more labels it is reached in fewer passes.
   */
  initialAlpha?: ArrayLike<number>;
}

/**
 * scikit-learn's LinearSVC(loss='squared_hinge', penalty='l2', dual=True, fit_intercept=True,
 * intercept_scaling=1): liblinear's L2R_L2LOSS_SVC_DUAL solver (Hsieh et al. 2008, dual coordinate descent with
 * shrinking), each sample's C scaled by its weight, the bias a constant-1 feature regularised like the others.
 * `rows` are the labelled rows of X, `labels` their classes (1 relevant, 0 irrelevant). The order in which
 * coordinates are visited comes from `seed`; the optimum does not, so different seeds agree to about `tol`.
 */
export function trainLinearSvm(
  X: CsrMatrix,
  rows: ArrayLike<number>,
  labels: ArrayLike<number>,
  options: SvmOptions = {},
): LinearModel {
  const C = options.C ?? 1;
  const eps = options.tol ?? 1e-4;
  const maxIter = options.maxIter ?? 1000;
  if (!(C > 0)) throw new Error(`C must be positive, got ${C}`);
  if (rows.length !== labels.length) throw new Error('rows and labels differ in length');
  const weightsIn = options.sampleWeight;
  if (weightsIn && weightsIn.length !== rows.length) throw new Error('sampleWeight and rows differ in length');

  // liblinear (scikit-learn's copy) leaves out samples of weight 0.
  const sample: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    if (!Number.isInteger(row) || row < 0 || row >= X.rows) throw new Error(`row ${row} is not a row of X`);
    if (labels[i] !== 0 && labels[i] !== 1) throw new Error(`label ${labels[i]} is neither 0 nor 1`);
    const weight = weightsIn ? weightsIn[i]! : 1;
    if (!(weight >= 0) || !Number.isFinite(weight)) throw new Error(`sample weight ${weight} is not a weight`);
    if (weight > 0) sample.push(i);
  }
  const l = sample.length;
  const xRow = new Int32Array(l);
  const y = new Float64Array(l);
  const diag = new Float64Array(l);
  const QD = new Float64Array(l);
  const { indptr, indices, data } = X;
  for (let s = 0; s < l; s++) {
    const i = sample[s]!;
    const row = rows[i]!;
    xRow[s] = row;
    y[s] = labels[i] === 1 ? 1 : -1;
    // Squared hinge: no upper bound on alpha, D_ii = 1 / (2 C_i).
    diag[s] = 0.5 / (C * (weightsIn ? weightsIn[i]! : 1));
    let xTx = 1; // the bias feature
    for (let k = indptr[row]!; k < indptr[row + 1]!; k++) xTx += data[k]! * data[k]!;
    QD[s] = diag[s]! + xTx;
  }

  const cols = X.cols;
  const w = new Float64Array(cols + 1); // w[cols] is the bias feature's weight
  const alpha = new Float64Array(l);
  const start = options.initialAlpha;
  if (start && start.length !== rows.length) throw new Error('initialAlpha and rows differ in length');
  if (start) {
    for (let s = 0; s < l; s++) {
      const a = start[sample[s]!]!;
      if (!(a > 0)) continue;
      alpha[s] = a;
      const row = xRow[s]!;
      for (let k = indptr[row]!; k < indptr[row + 1]!; k++) w[indices[k]!]! += a * y[s]! * data[k]!;
      w[cols]! += a * y[s]!;
    }
  }
  const index = new Int32Array(l);
  for (let s = 0; s < l; s++) index[s] = s;
  const random = seededRandom(options.seed ?? 0);
  let activeSize = l;
  // liblinear also tracks PGmin_old, for shrinking at alpha = C; the squared hinge has no upper bound.
  let PGmaxOld = Infinity;

  for (let iter = 0; iter < maxIter; iter++) {
    let PGmaxNew = -Infinity;
    let PGminNew = Infinity;
    for (let s = 0; s < activeSize; s++) {
      const j = s + Math.floor(random() * (activeSize - s));
      const swap = index[s]!;
      index[s] = index[j]!;
      index[j] = swap;
    }
    for (let s = 0; s < activeSize; s++) {
      const i = index[s]!;
      const yi = y[i]!;
      const row = xRow[i]!;
      const start = indptr[row]!;
      const end = indptr[row + 1]!;
      const dot = rowDot(w, indices, data, start, end, w[cols]!);
      const G = yi * dot - 1 + alpha[i]! * diag[i]!;
      let PG = 0;
      if (alpha[i] === 0) {
        if (G > PGmaxOld) {
          // Shrink: at its bound and likely to stay there.
          activeSize--;
          index[s] = index[activeSize]!;
          index[activeSize] = i;
          s--;
          continue;
        }
        if (G < 0) PG = G;
      } else {
        PG = G;
      }
      if (PG > PGmaxNew) PGmaxNew = PG;
      if (PG < PGminNew) PGminNew = PG;
      if (Math.abs(PG) > 1e-12) {
        const old = alpha[i]!;
        alpha[i] = Math.max(old - G / QD[i]!, 0);
        const d = (alpha[i]! - old) * yi;
        for (let k = start; k < end; k++) w[indices[k]!]! += d * data[k]!;
        w[cols]! += d;
      }
    }
    if (PGmaxNew - PGminNew <= eps) {
      if (activeSize === l) break;
      // Converged on the active set: check everything once more without shrinking.
      activeSize = l;
      PGmaxOld = Infinity;
      continue;
    }
    PGmaxOld = PGmaxNew > 0 ? PGmaxNew : Infinity;
  }
  const alphaByRow = new Float64Array(rows.length);
  for (let s = 0; s < l; s++) alphaByRow[sample[s]!] = alpha[s]!;
  return { weights: w.subarray(0, cols), bias: w[cols]!, alpha: alphaByRow };
}

/** X · weights + bias for every row of X, or for the given rows (in their order). */
export function decisionScores(X: CsrMatrix, model: Pick<LinearModel, 'weights' | 'bias'>, rows?: ArrayLike<number>): Float64Array {
  const { indptr, indices, data } = X;
  const { weights, bias } = model;
  const count = rows ? rows.length : X.rows;
  const scores = new Float64Array(count);
  for (let r = 0; r < count; r++) {
    const row = rows ? rows[r]! : r;
    if (rows && !(Number.isInteger(row) && row >= 0 && row < X.rows)) throw new Error(`row ${row} is not a row of X`);
    scores[r] = rowDot(weights, indices, data, indptr[row]!, indptr[row + 1]!, bias);
  }
  return scores;
}

/** init + the row's x · w, in four running sums so the additions need not wait on each other (15% faster). */
function rowDot(
  w: Float64Array,
  indices: Int32Array,
  data: Float64Array,
  start: number,
  end: number,
  init: number,
): number {
  let d0 = init;
  let d1 = 0;
  let d2 = 0;
  let d3 = 0;
  let k = start;
  for (; k + 3 < end; k += 4) {
    d0 += w[indices[k]!]! * data[k]!;
    d1 += w[indices[k + 1]!]! * data[k + 1]!;
    d2 += w[indices[k + 2]!]! * data[k + 2]!;
    d3 += w[indices[k + 3]!]! * data[k + 3]!;
  }
  for (; k < end; k++) d0 += w[indices[k]!]! * data[k]!;
  return d0 + d1 + (d2 + d3);
}

/** mulberry32: a small, fast, seedable generator, so a seed gives the same model every time. */
function seededRandom(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

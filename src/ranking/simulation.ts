import { rankCandidates } from './query.js';
import { trainAndScore } from './relevance-model.js';
import { screeningMetrics, type ScreeningMetrics } from './screening-metrics.js';
import { seededRank } from './seeded-rank.js';
import { firstStop } from './stopping-test.js';
import { documentText, termCounts } from './text-features.js';
import { tfidfMatrix } from './tfidf.js';

export interface LabelledDoc {
  title: string;
  abstract: string;
  label: 0 | 1;
}

export interface SimulationOptions {
  /** 0-based rows screened first; without them one relevant and one irrelevant row chosen by the seed. */
  prior?: readonly number[];
  seed: number;
  /** Retrain after this many records have been screened in the model's order (1 = after each). */
  retrainEvery: number;
  recallTarget: number;
}

export interface SimulationResult {
  /** 0-based rows in screening order, the priors first, up to the last relevant record. */
  order: number[];
  priors: number;
  /**
   * Records screened when the stopping test first said the target recall was reached, or null.
   * It may lie beyond `order`: every record after the last relevant one is irrelevant, so the test,
   * which reads only the labels in order, continues over zeros whichever records they are.
   */
  stop: number | null;
  /** Relevant records found by `stop`, over all relevant records. */
  recallAtStop: number | null;
  metrics: ScreeningMetrics;
}

/** The 1-based record id a row stands for in the seeded order, as a stage's records have ids. */
const tieBreak = (seed: number) => (row: number) => seededRank(seed, row + 1);

/**
 * `coreview simulate` (as `asreview simulate` does): screens labelled records in the relevance
 * model's order — the priors, then the highest-scored unscreened records, retraining after every
 * `retrainEvery` of them, ties by the seeded order — until every relevant record is found. The
 * metrics pad the unscreened tail with zeros (it holds no relevant record, so its order is moot).
 */
export function simulate(docs: readonly LabelledDoc[], options: SimulationOptions): SimulationResult {
  const labels = docs.map((d) => d.label);
  const prior = options.prior ?? seededPriors(labels, options.seed);
  const problem = priorProblem(labels, prior);
  if (problem !== null) throw new RangeError(problem);
  const X = tfidfMatrix(docs.map((d) => termCounts(documentText(d.title, d.abstract))));
  const relevant = labels.reduce<number>((sum, l) => sum + l, 0);
  const order = [...prior];
  const screened = new Uint8Array(docs.length);
  for (const row of prior) screened[row] = 1;
  let found = prior.reduce((sum, row) => sum + labels[row]!, 0);
  while (found < relevant) {
    const scores = trainAndScore(X, order, order.map((row) => labels[row]!), options.seed);
    const candidates = [];
    for (let row = 0; row < docs.length; row++) if (!screened[row]) candidates.push(row);
    const ranked = rankCandidates(scores, candidates, tieBreak(options.seed));
    for (let i = 0; i < options.retrainEvery && i < ranked.length && found < relevant; i++) {
      const row = ranked[i]!;
      order.push(row);
      screened[row] = 1;
      found += labels[row]!;
    }
  }
  return outcome(labels, order, prior.length, options.recallTarget);
}

/** The same priors, then the rest in the seeded order: the random baseline beside the model. */
export function simulateRandom(labels: readonly (0 | 1)[], options: Omit<SimulationOptions, 'retrainEvery'>): SimulationResult {
  const prior = options.prior ?? seededPriors(labels, options.seed);
  const isPrior = new Set(prior);
  const rest = labels.map((_, row) => row).filter((row) => !isPrior.has(row));
  const key = tieBreak(options.seed);
  rest.sort((a, b) => key(a) - key(b) || a - b);
  const order = [...prior];
  let remaining = labels.reduce<number>((sum, l) => sum + l, 0) - prior.reduce((sum, row) => sum + labels[row]!, 0);
  for (let i = 0; i < rest.length && remaining > 0; i++) {
    order.push(rest[i]!);
    remaining -= labels[rest[i]!]!;
  }
  return outcome(labels, order, prior.length, options.recallTarget);
}

/** Why rows cannot be the priors (out of range, repeated, not both kinds), or null when they can. */
export function priorProblem(labels: readonly number[], prior: readonly number[]): string | null {
  const outside = prior.find((row) => !Number.isInteger(row) || row < 0 || row >= labels.length);
  if (outside !== undefined) return `row ${outside + 1} is not a data row (there are ${labels.length})`;
  if (new Set(prior).size !== prior.length) return 'a row is named twice';
  if (!prior.some((row) => labels[row] === 1) || !prior.some((row) => labels[row] === 0)) {
    return 'the priors must include at least one relevant and one irrelevant record';
  }
  return null;
}

/** One relevant and one irrelevant row, each the first of its kind in the seeded order. */
export function seededPriors(labels: readonly number[], seed: number): number[] {
  const key = tieBreak(seed);
  const first = (label: number) => labels.reduce<number>((best, l, row) => (l === label && (best === -1 || key(row) < key(best)) ? row : best), -1);
  const priors = [first(1), first(0)];
  if (priors.includes(-1)) throw new RangeError('a simulation needs at least one relevant and one irrelevant record');
  return priors;
}

function outcome(labels: readonly number[], order: number[], priors: number, recallTarget: number): SimulationResult {
  const inOrder = order.map((row) => labels[row]!);
  const padded = [...inOrder, ...new Array<number>(labels.length - order.length).fill(0)];
  const stop = firstStop(padded, labels.length, recallTarget);
  const relevant = inOrder.reduce((sum, l) => sum + l, 0);
  const recallAtStop = stop === null ? null : padded.slice(0, stop).reduce((sum, l) => sum + l, 0) / relevant;
  return { order, priors, stop, recallAtStop, metrics: screeningMetrics(inOrder, priors, labels.length) };
}

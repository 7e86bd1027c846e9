/**
 * The ranking module's work at scale, in a process of its own so its peak RSS (VmHWM) is that work's alone
 * (cases/ranking-speed.ts runs it). Prints one JSON line.
 *
 *   features <records>                      termCounts + encodeTermCounts of every record's title and abstract
 *                                           (what the ranker thread stores when records arrive), then decoding
 *                                           them all and tfidfMatrix (what the first ranking of a review builds)
 *   retrain <records> <labels> <retrains>   trainAndScore + rankCandidates on a prebuilt matrix, as each ranking does
 */
import { performance } from 'node:perf_hooks';
import { decisionScores } from '../../src/ranking/linear-svm.js';
import { rankCandidates } from '../../src/ranking/query.js';
import { trainAndScore, trainAndScoreFrom } from '../../src/ranking/relevance-model.js';
import { seededRank } from '../../src/ranking/seeded-rank.js';
import { decodeTermCounts, documentText, encodeTermCounts, termCounts } from '../../src/ranking/text-features.js';
import { HASHING_THRESHOLD, tfidfMatrix, type CsrMatrix } from '../../src/ranking/tfidf.js';
import { generateRecords, readSourceSentences, type GeneratedRecord } from './abstract-corpus.js';
import { median, percentile } from './measure.js';
import { seededRandom } from './search-corpus.js';
import { peakRssMb } from './server-process.js';

const SEED = 14;
const ORDER_SEED = 1;

function records(count: number): GeneratedRecord[] {
  return generateRecords(readSourceSentences(), count, SEED);
}

function features(count: number): Record<string, number | boolean> {
  const texts = records(count).map((r) => documentText(r.title, r.abstract));
  const textPeakRssMb = peakRssMb(process.pid);
  let words = 0;
  const baselineStarted = performance.now();
  for (const text of texts) words += text.toLowerCase().split(/\W+/).length;
  const baselineMs = performance.now() - baselineStarted;

  const started = performance.now();
  const blobs = texts.map((text) => encodeTermCounts(termCounts(text)));
  const termsMs = performance.now() - started;
  const matrixStarted = performance.now();
  const docs = blobs.map(decodeTermCounts);
  const matrix = tfidfMatrix(docs);
  const matrixMs = performance.now() - matrixStarted;
  const peak = peakRssMb(process.pid);

  // After the peak is read: how many distinct words and word pairs the records have (the exact matrix's columns).
  const distinct = new Set<number>();
  for (const doc of docs) for (const hash of doc.hashes) distinct.add(hash);
  return {
    records: count,
    wordsPerRecord: words / count,
    baselineMs,
    termsMs,
    matrixMs,
    totalMs: termsMs + matrixMs,
    hashing: count > HASHING_THRESHOLD,
    distinctTerms: distinct.size,
    nonZeros: matrix.indptr[matrix.rows]!,
    blobMb: blobs.reduce((sum, b) => sum + b.byteLength, 0) / 2 ** 20,
    textPeakRssMb,
    peakRssMb: peak,
  };
}

function retrain(count: number, labelCount: number, retrains: number): Record<string, number> {
  const generated = records(count);
  const matrix: CsrMatrix = tfidfMatrix(generated.map((r) => termCounts(documentText(r.title, r.abstract))));
  // Which records were screened first: a seeded shuffle, as any order the reviewers took.
  const order = Array.from({ length: count }, (_, i) => i);
  const random = seededRandom(SEED);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const retrainMs: number[] = [];
  const coldMs: number[] = [];
  const scoreMs: number[] = [];
  let relevant = 0;
  let previous = new Map<number, number>();
  // One unmeasured retrain first (the ranker thread is warm after its first ranking); then each run labels one
  // more record and forgets the oldest, as a ranking after one more decision sees a slightly different set.
  // The server starts each training from the last one's dual variables (medianMs); coldMedianMs trains afresh.
  for (let run = 0; run <= retrains; run++) {
    const rows = order.slice(run, run + labelCount);
    const labels = rows.map((row) => (generated[row]!.relevant ? 1 : 0));
    const candidates = order.slice(run + labelCount);
    relevant = labels.reduce<number>((sum, l) => sum + l, 0);
    const coldStarted = performance.now();
    rankCandidates(trainAndScore(matrix, rows, labels, ORDER_SEED), candidates, (row) => seededRank(ORDER_SEED, row + 1));
    const cold = performance.now() - coldStarted;
    const started = performance.now();
    const trained = trainAndScoreFrom(matrix, rows, labels, ORDER_SEED, rows.map((row) => previous.get(row) ?? 0));
    rankCandidates(trained.scores, candidates, (row) => seededRank(ORDER_SEED, row + 1));
    const took = performance.now() - started;
    previous = new Map(rows.map((row, i) => [row, trained.alpha[i]!]));
    // Baseline: one pass over the matrix, the least a rescoring costs.
    const scoreStarted = performance.now();
    decisionScores(matrix, { weights: new Float64Array(matrix.cols), bias: 0 });
    const scored = performance.now() - scoreStarted;
    if (run > 0) {
      retrainMs.push(took);
      coldMs.push(cold);
      scoreMs.push(scored);
    }
  }
  return {
    records: count,
    labels: labelCount,
    relevantLabels: relevant,
    retrains,
    medianMs: median(retrainMs),
    p90Ms: percentile(retrainMs, 90),
    maxMs: Math.max(...retrainMs),
    coldMedianMs: median(coldMs),
    coldMaxMs: Math.max(...coldMs),
    baselineMedianMs: median(scoreMs),
    nonZeros: matrix.indptr[matrix.rows]!,
    peakRssMb: peakRssMb(process.pid),
  };
}

const [mode, ...args] = process.argv.slice(2);
const numbers = args.map(Number);
if (mode === 'features' && numbers.length === 1) console.log(JSON.stringify(features(numbers[0]!)));
else if (mode === 'retrain' && numbers.length === 3) console.log(JSON.stringify(retrain(numbers[0]!, numbers[1]!, numbers[2]!)));
else throw new Error('usage: ranking-work.ts features <records> | retrain <records> <labels> <retrains>');

import { readFile, stat } from 'node:fs/promises';
import { ValidationError } from '../domain-errors.js';
import { decodeBytes } from '../imports/encoding.js';
import { UnreadableFileError } from '../imports/errors.js';
import { LabelledCsvError, parseLabelledCsv } from '../ranking/labelled-csv.js';
import type { ScreeningMetrics } from '../ranking/screening-metrics.js';
import { priorProblem, simulate, type LabelledDoc } from '../ranking/simulation.js';
import { RECALL_TARGETS } from '../screening/screening-settings.js';
import { CliUsageError, requireString, type CliCommand } from './command.js';

/** A whole number option within bounds, or a usage error naming it. */
function wholeNumber(values: Record<string, string | boolean | undefined>, name: string, fallback: number, min: number, max: number): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (typeof raw !== 'string' || !/^\d+$/.test(raw.trim()) || value < min || value > max) {
    throw new CliUsageError(`--${name} must be a whole number from ${min} to ${max}, not "${String(raw)}"`);
  }
  return value;
}

function recallTarget(raw: string | boolean | undefined): number {
  if (raw === undefined) return 0.95;
  const value = Number(raw);
  if (typeof raw !== 'string' || !RECALL_TARGETS.includes(value)) throw new CliUsageError(`--recall must be 0.95 or 0.90, not "${String(raw)}"`);
  return value;
}

/** 1-based data rows from "3,17" as 0-based rows, each checked against the file. */
function priorRows(raw: string | boolean | undefined, docs: readonly LabelledDoc[]): number[] | undefined {
  if (raw === undefined) return undefined;
  const parts = String(raw).split(',').map((p) => p.trim());
  const bad = parts.find((p) => !/^\d+$/.test(p) || Number(p) < 1);
  if (bad !== undefined) throw new CliUsageError(`--prior takes 1-based row numbers separated by commas, not "${bad}"`);
  const rows = parts.map((p) => Number(p) - 1);
  const problem = priorProblem(docs.map((d) => d.label), rows);
  if (problem !== null) throw new CliUsageError(`--prior: ${problem}`);
  return rows;
}

/** The labelled records of FILE, or one sentence on why it cannot be simulated. */
async function readLabelled(path: string): Promise<LabelledDoc[]> {
  const refuse = (why: string): never => {
    throw new ValidationError({ labels: `${path}: ${why}.` });
  };
  const stats = await stat(path).catch((error: NodeJS.ErrnoException) => refuse(error.code === 'ENOENT' ? 'there is no such file' : `cannot read it (${error.code})`));
  if (stats.isDirectory()) refuse('it is a folder, not a file');
  if (!stats.isFile()) refuse('it is not a regular file');
  try {
    const docs = parseLabelledCsv(decodeBytes(await readFile(path), 'it').text);
    if (!docs.some((d) => d.label === 1)) refuse('no record is labelled relevant (1), so there is nothing to find');
    if (!docs.some((d) => d.label === 0)) refuse('every record is labelled relevant (1), so there is nothing to rank');
    return docs;
  } catch (error) {
    if (error instanceof LabelledCsvError || error instanceof UnreadableFileError) refuse(error.message.replace(/\.$/, ''));
    throw error;
  }
}

const percent = (x: number) => `${(100 * x).toFixed(1)}%`;

function summary(docs: readonly LabelledDoc[], result: ReturnType<typeof simulate>, target: number): string[] {
  const relevant = docs.filter((d) => d.label === 1).length;
  const m: ScreeningMetrics = result.metrics;
  const stop = result.stop === null
    ? `the stopping test (recall ≥ ${percent(target)}, p < 0.05) never said stop`
    : `the stopping test (recall ≥ ${percent(target)}, p < 0.05) said stop after ${result.stop} records (${percent(result.stop / docs.length)}), at recall ${percent(result.recallAtStop!)}`;
  return [
    `${docs.length} records, ${relevant} relevant; priors: rows ${result.order.slice(0, result.priors).map((r) => r + 1).join(', ')}`,
    `every relevant record found after ${result.order.length} records (${percent(result.order.length / docs.length)})`,
    `WSS@95 ${percent(m.wss95)}, WSS@100 ${percent(m.wss100)}, RRF@10 ${percent(m.rrf10)}, ATD ${m.atd === null ? '–' : m.atd.toFixed(1)} records`,
    `recall after screening 10% ${percent(m.recall10)}, 25% ${percent(m.recall25)}, 50% ${percent(m.recall50)}`,
    stop,
  ];
}

export const simulateCommand: CliCommand = {
  name: 'simulate',
  usage: 'simulate --labels FILE [--prior ROW,ROW...] [--seed N] [--retrain-every K] [--recall 0.95|0.90] [--json]',
  summary: 'Screen a labelled CSV in the relevance model\'s order, as the server would, and report how early the relevant records came.',
  help: [
    'FILE is a CSV with title and abstract columns (the names the CSV import accepts) and a 0/1 label column (label_included, included, final_included, label, as ASReview reads them).',
    '--prior names 1-based data rows screened first (at least one relevant and one irrelevant); without it the seed picks one of each. The model retrains after every K records (default 1); ties go by the seeded order (default seed 1).',
    'Metrics are asreview-insights\' (priors left out): WSS@95, RRF@10, ATD, recall after 10/25/50%. With --json the last line is one object with order (1-based rows, priors first), stop and the metrics.',
  ].join('\n'),
  options: {
    labels: { type: 'string' },
    prior: { type: 'string' },
    seed: { type: 'string' },
    'retrain-every': { type: 'string' },
    recall: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(values, io) {
    const path = requireString(values, 'labels');
    const seed = wholeNumber(values, 'seed', 1, 0, 2 ** 31 - 1);
    const retrainEvery = wholeNumber(values, 'retrain-every', 1, 1, 1_000_000);
    const target = recallTarget(values.recall);
    const docs = await readLabelled(path);
    const prior = priorRows(values.prior, docs);
    const result = simulate(docs, { prior, seed, retrainEvery, recallTarget: target });
    for (const line of summary(docs, result, target)) io.out(line);
    if (values.json) {
      io.out(JSON.stringify({
        records: docs.length,
        relevant: docs.filter((d) => d.label === 1).length,
        seed,
        retrainEvery,
        recallTarget: target,
        order: result.order.map((row) => row + 1),
        priors: result.priors,
        stop: result.stop,
        recallAtStop: result.recallAtStop,
        metrics: result.metrics,
      }));
    }
  },
};

import { findDuplicates } from '../../../src/dedup/find-duplicates.js';
import { corpusFolder, missingCorpus } from '../../corpus/corpus-folder.js';
import { dedupCases, type RecordTruth } from '../../support/dedup-cases.js';
import type { BenchCase, BenchResult } from '../bench-case.js';
import { dedupCorpus } from '../dedup-corpus.js';
import { corpusSets } from '../dedup-corpus-sets.js';
import { figuresOf, measureQuality, sumCounts, type LabelledSet, type QualityCounts, type QualityReport } from '../dedup-quality-metrics.js';
import { peakRssMb } from '../server-process.js';

const SPEED_RECORDS = 50_000;
/** Problems of one kind printed per set on stderr; the rest are counted. */
const SHOWN_PROBLEMS = 12;

/** Published figures of the tools to beat, quoted from their sources (test/bench/README.md, "dedup-quality"). */
const ANCHORS = [
  {
    tool: 'bib-dedupe (CoLRev)',
    figures: 'FP 0, TP 35,036, FN 229, TN 125,546 over 160,811 records of 10 datasets: sensitivity 0.9935, specificity 1.0',
    source: 'CoLRev-Environment/bib-dedupe output/current_results.md (commit 05c158c), "Summary for datasets combined"',
  },
  {
    tool: 'ASySD (CAMARADES)',
    figures: 'sensitivity 0.95–0.99, specificity > 0.99 on 5 unseen biomedical searches of 1,845–79,880 citations',
    source: 'Hair et al., BMC Biology 2023;21:189, doi:10.1186/s12915-023-01686-z (abstract)',
  },
  {
    tool: 'ASySD, run by bib-dedupe',
    figures: 'diabetes (n=1,845): FP 0, sensitivity 0.9984; all datasets combined: FP 53, sensitivity 0.9745, specificity 0.9991',
    source: 'the same bib-dedupe current_results.md',
  },
] as const;
/** bib-dedupe's record-level sensitivity over its whole benchmark: `ratio` divides by it. */
const BIB_DEDUPE_SENSITIVITY = 0.993506;

/**
 * Duplicate-detection quality, not speed (the `dedup` case times it): the pure engine
 * (findDuplicates, then groupDuplicates of its certain pairs) over labelled sets, one JSON line
 * each plus an overall line, and a table with the published anchors on stderr.
 */
export const dedupQualityCase: BenchCase = {
  name: 'dedup-quality',
  description: 'duplicate-detection quality on labelled sets (corpus overlaps, the issue-11 classes, the speed corpus) beside bib-dedupe and ASySD',
  defaultRuns: 1, // deterministic: one run says it all
  async run({ log }) {
    const sets = labelledSets(log);
    const measured = sets.map((set) => ({ set, report: measureQuality(set, findDuplicates(set.records)) }));
    const labelled = measured.filter(({ set }) => set.name !== 'speed-corpus');
    const overall = sumCounts(labelled.map(({ report }) => report.counts));
    const rows = [...measured.map(({ set, report }) => ({ name: set.name, counts: report.counts })), { name: 'overall', counts: overall }];
    for (const line of table(rows)) log(line);
    for (const { tool, figures, source } of ANCHORS) log(`anchor ${tool}: ${figures} — ${source}`);
    for (const { set, report } of measured) logProblems(set, report, log);
    const rss = peakRssMb(process.pid);
    return [
      ...measured.map(({ set, report }) => result(set.name, set.source, report.counts, report.classes, rss)),
      result('overall', `every set above but speed-corpus (${labelled.map(({ set }) => set.name).join(', ')})`, overall, {}, rss),
    ];
  },
};

function labelledSets(log: (message: string) => void): LabelledSet[] {
  const folder = corpusFolder();
  const missing = missingCorpus(folder);
  const corpus = missing === null ? corpusSets(folder) : [];
  if (missing !== null) log(`corpus sets skipped: ${folder} has no manifest.tsv (set COREVIEW_CORPUS to the folder of real exports); the generated sets still run`);
  return [...corpus, issueClassesSet(), speedCorpusSet()];
}

/** Every generated case of issue 11 in one pool, as one review would hold them. */
function issueClassesSet(): LabelledSet {
  const cases = dedupCases();
  const truth = new Map<number, RecordTruth>();
  const classOf = new Map<number, string>();
  for (const c of cases) {
    const scoped = (label: string | undefined) => (label === undefined ? undefined : `${c.class}/${label}`);
    for (const [id, t] of c.truth) truth.set(id, { work: `${c.class}/${t.work}`, family: scoped(t.family), study: scoped(t.study) });
    for (const r of c.records) classOf.set(r.id, c.class);
  }
  return {
    name: 'issue-classes',
    source: 'generated cases of each class in issue 11 (test/support/dedup-cases.ts), pooled',
    records: cases.flatMap((c) => c.records),
    truth,
    decided: () => true,
    unlabelled: [],
    expect: cases.flatMap((c) => c.expect.map((e) => ({ ...e, class: c.class }))),
    warnings: [],
    key: (id) => `${classOf.get(id)} #${id}`,
  };
}

/** The `dedup` case's generated records, so its recall and precision show in the same terms. */
function speedCorpusSet(): LabelledSet {
  const corpus = dedupCorpus(SPEED_RECORDS);
  return {
    name: 'speed-corpus',
    source: `the dedup case's ${SPEED_RECORDS.toLocaleString('en-GB')} generated records (8% planted duplicates, 1% near-misses)`,
    records: corpus.records,
    truth: new Map(corpus.records.map((r) => [r.id, { work: String(corpus.work.get(r.id)) }])),
    decided: () => true,
    unlabelled: [],
    warnings: [],
    key: (id) => `#${id}`,
  };
}

function result(set: string, source: string, c: QualityCounts, classes: Record<string, string>, rss: number): BenchResult {
  const f = figuresOf(c);
  return {
    set,
    source,
    records: c.records,
    works: c.works,
    duplicatePairs: c.duplicatePairs,
    versionPairs: c.versionPairs,
    relatedPairs: c.relatedPairs,
    automatic: { certainPairs: c.certainPairs, groups: c.groups, linkedPairs: c.linkedPairs, precision: f.linkPrecision, recall: f.linkRecall },
    certainOrProbableRecall: f.certainOrProbableRecall,
    falseMerges: { works: c.falseMergedWorks, groups: c.falseMergeGroups },
    versionsLinked: { works: c.versionMergedWorks, groups: c.versionMergeGroups },
    recordLevel: { tp: c.tp, fp: c.fp, fn: c.fn, tn: c.tn, sensitivity: f.sensitivity, specificity: f.specificity },
    queue: { pairs: c.queued, relations: c.queueRelations, duplicates: c.queuedDuplicates, versions: c.queuedVersions, related: c.queuedRelated, noise: c.queueNoise },
    ...(c.expectTotal > 0 ? { expected: { passed: c.expectPassed, total: c.expectTotal, ...(Object.keys(classes).length > 0 ? { classes } : {}) } } : {}),
    unlabelled: c.unlabelled,
    runs: 1,
    baseline: `bib-dedupe's record-level sensitivity ${BIB_DEDUPE_SENSITIVITY} over ~160,000 records (0 false positives)`,
    ratio: f.sensitivity === null ? Number.NaN : Math.round((f.sensitivity / BIB_DEDUPE_SENSITIVITY) * 1000) / 1000,
    peakRssMb: rss,
  };
}

function table(rows: ReadonlyArray<{ name: string; counts: QualityCounts }>): string[] {
  const header = ['set', 'records', 'dup pairs', 'link P', 'link R', 'C|P R', 'false merges', 'sens', 'spec', 'queue', 'noise'];
  const cell = (x: number | null) => (x === null ? '–' : x.toFixed(3));
  const body = rows.map(({ name, counts }) => {
    const f = figuresOf(counts);
    return [name, String(f.records), String(f.duplicatePairs), cell(f.linkPrecision), cell(f.linkRecall), cell(f.certainOrProbableRecall), `${f.falseMergedWorks} in ${f.falseMergeGroups}`, cell(f.sensitivity), cell(f.specificity), String(f.queued), String(f.queueNoise)];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), ...body.map(line), 'link P/R: automatic links (pairs inside certain groups); C|P R: found automatically or queued; false merges: works joined in groups; sens/spec: record level, as bib-dedupe counts'];
}

function logProblems(set: LabelledSet, report: QualityReport, log: (message: string) => void): void {
  for (const warning of set.warnings) log(`${set.name}: ${warning}`);
  const classes = Object.entries(report.classes);
  if (classes.length > 0) log(`${set.name} expected outcomes: ${classes.map(([c, tally]) => `${c} ${tally}`).join(', ')}`);
  for (const [kind, lines] of Object.entries(report.problems)) {
    for (const line of lines.slice(0, SHOWN_PROBLEMS)) log(`${set.name} ${kind}: ${line}`);
    if (lines.length > SHOWN_PROBLEMS) log(`${set.name} ${kind}: … and ${lines.length - SHOWN_PROBLEMS} more`);
  }
}

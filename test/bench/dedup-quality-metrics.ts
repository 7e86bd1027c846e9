/**
 * How well the duplicate finder did on one labelled set: counts that add up across sets, and the
 * figures derived from them. Automatic merges are the groups certain pairs make (groupDuplicates),
 * each keeping its primary; every other pair is queued for a person.
 *
 * - Record level, as bib-dedupe's benchmark counts (dedupe_benchmark.py, compare_dedupe_id): a
 *   unique record kept is TN, removed FP; of a work's k records, one kept or more is TN with the
 *   extra kept ones FN and the removed ones TP; none kept is FP with k − 1 TP.
 * - Pairs: every pair of records inside one automatic group is a link (implied by the group).
 * - Versions of one work and related reports are different works here: Coreview keeps both, so
 *   linking them automatically is wrong (bib-dedupe would count versions as duplicates).
 */
import type { DedupRecord, DuplicatePair } from '../../src/dedup/find-duplicates.js';
import { groupDuplicates } from '../../src/dedup/find-duplicates.js';
import { linkComponents } from '../../src/dedup/link-components.js';
import { outcomes, relationOf, type ExpectedPair, type RecordTruth } from '../support/dedup-cases.js';

export interface LabelledSet {
  name: string;
  /** Where the records and their labels come from, in a few words. */
  source: string;
  records: DedupRecord[];
  truth: ReadonlyMap<number, RecordTruth>;
  /** Whether a label (not the default "different") decides the pair. */
  decided(a: number, b: number): boolean;
  /** Pairs a labelling search raised that no label decides: counted as different works until someone labels them. */
  unlabelled: ReadonlyArray<[number, number]>;
  /** Pairs whose right outcomes are known (the generated cases), with their class. */
  expect?: ReadonlyArray<ExpectedPair & { class: string }>;
  warnings: string[];
  /** How a person finds the record ("file#position"). */
  key(id: number): string;
}

/** Whole numbers only, so the sets' counts can be summed into an overall line. */
export interface QualityCounts {
  records: number;
  works: number;
  duplicatePairs: number;
  versionPairs: number;
  relatedPairs: number;
  certainPairs: number;
  groups: number;
  /** Pairs inside automatic groups, and those of them that are one work. */
  linkedPairs: number;
  linkedCorrect: number;
  /** True duplicate pairs joined by certain links, or by certain and queued pairs together. */
  duplicatesLinked: number;
  duplicatesFound: number;
  /** Groups joining works that are not versions of one work, and how many works they join (versions of one work count once). */
  falseMergeGroups: number;
  falseMergedWorks: number;
  /** Groups joining only versions of one work, and how many works they join. */
  versionMergeGroups: number;
  versionMergedWorks: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  queued: number;
  queuedDuplicates: number;
  queuedVersions: number;
  queuedRelated: number;
  /** Queued pairs of different works, or related reports queued as possibly the same work. */
  queueNoise: number;
  /** Distinct pairs of groups (or lone records) the queue asks about. */
  queueRelations: number;
  expectPassed: number;
  expectTotal: number;
  /** Pairs the engine links or queues, or the labelling search raised, that no label decides. */
  unlabelled: number;
}

export interface QualityReport {
  counts: QualityCounts;
  /** Expectation results by class, "passed/total". */
  classes: Record<string, string>;
  /** What went wrong, one line each, by kind, for stderr. */
  problems: Record<ProblemKind, string[]>;
}

export type ProblemKind = 'false merges' | 'versions linked' | 'missed duplicates' | 'unexpected outcomes' | 'queue noise' | 'unlabelled';

export function measureQuality(set: LabelledSet, pairs: readonly DuplicatePair[]): QualityReport {
  const truthOf = (id: number) => set.truth.get(id)!;
  // A record without a family is a family of its own work.
  const familyKey = (id: number) => truthOf(id).family ?? `work ${truthOf(id).work}`;
  const relation = (a: number, b: number) => relationOf(truthOf(a), truthOf(b));
  const problems: Record<ProblemKind, string[]> = { 'false merges': [], 'versions linked': [], 'missed duplicates': [], 'unexpected outcomes': [], 'queue noise': [], unlabelled: [] };
  const name = (a: number, b: number) => `${set.key(a)} ${set.key(b)}`;

  const byWork = groupBy(set.records.map((r) => r.id), (id) => truthOf(id).work);
  const choose2 = (n: number) => (n * (n - 1)) / 2;
  const certain = pairs.filter((p) => p.kind === 'certain');
  const queued = pairs.filter((p) => p.kind !== 'certain');
  const groups = groupDuplicates(certain, set.records);

  // Automatic groups: links, false merges, and which records they remove.
  const removed = new Set<number>();
  let linkedPairs = 0;
  let linkedCorrect = 0;
  let falseMergeGroups = 0;
  let falseMergedWorks = 0;
  let versionMergeGroups = 0;
  let versionMergedWorks = 0;
  for (const group of groups) {
    for (const id of group.members) if (id !== group.primary) removed.add(id);
    linkedPairs += choose2(group.members.length);
    const works = groupBy(group.members, (id) => truthOf(id).work);
    for (const members of works.values()) linkedCorrect += choose2(members.length);
    if (works.size < 2) continue;
    const families = new Set(group.members.map(familyKey));
    if (families.size > 1) {
      falseMergeGroups++;
      falseMergedWorks += families.size;
      problems['false merges'].push(`${works.size} works: ${[...works.values()].map((m) => set.key(m[0]!)).join(' + ')}`);
    } else {
      versionMergeGroups++;
      versionMergedWorks += works.size;
      problems['versions linked'].push([...works.values()].map((m) => set.key(m[0]!)).join(' + '));
    }
  }

  // Record level (bib-dedupe's counting).
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (const members of byWork.values()) {
    const kept = members.filter((id) => !removed.has(id)).length;
    if (members.length === 1) {
      if (kept === 1) tn++;
      else fp++;
    } else if (kept === 0) {
      fp++;
      tp += members.length - 1;
    } else {
      tn++;
      fn += kept - 1;
      tp += members.length - kept;
    }
  }

  // Recall of duplicate pairs: by certain links alone, and by certain links and the queue together.
  const linkedComponent = componentOf(certain);
  const foundComponent = componentOf(pairs);
  const pairsWithin = (members: readonly number[], component: Map<number, number>) =>
    [...groupBy(members, (id) => component.get(id) ?? id).values()].reduce((n, m) => n + choose2(m.length), 0);
  let duplicatesLinked = 0;
  let duplicatesFound = 0;
  for (const members of byWork.values()) {
    duplicatesLinked += pairsWithin(members, linkedComponent);
    duplicatesFound += pairsWithin(members, foundComponent);
    const parts = [...groupBy(members, (id) => foundComponent.get(id) ?? id).values()];
    if (parts.length > 1) problems['missed duplicates'].push(`${parts.map((m) => set.key(m[0]!)).join(' / ')} (one work, neither linked nor queued)`);
  }

  // The queue: what each queued pair is, and how many distinct questions it asks.
  const home = new Map(groups.flatMap((g) => g.members.map((id) => [id, g.primary] as const)));
  const questions = new Set<string>();
  let queuedDuplicates = 0;
  let queuedVersions = 0;
  let queuedRelated = 0;
  let queueNoise = 0;
  for (const pair of queued) {
    const r = relation(pair.a, pair.b);
    const [x, y] = [home.get(pair.a) ?? pair.a, home.get(pair.b) ?? pair.b].sort((m, n) => m - n);
    questions.add(`${x} ${y}`);
    if (r === 'duplicate') queuedDuplicates++;
    else if (r === 'versions') queuedVersions++;
    else if (r === 'related') queuedRelated++;
    if (r === 'different' || (r === 'related' && pair.kind === 'probable')) {
      queueNoise++;
      problems['queue noise'].push(`${name(pair.a, pair.b)}: ${r}, queued as ${pair.kind} (${pair.reasons.join('; ')})`);
    }
  }

  // Relations in the truth, counted by group sizes (every pair would be quadratic in a 50,000-record set).
  const studyKey = (id: number) => truthOf(id).study ?? `record ${id}`;
  const pairsIn = (keyOf: (id: number) => string) => [...groupBy(ids, keyOf).values()].reduce((n, m) => n + choose2(m.length), 0);
  const ids = set.records.map((r) => r.id);
  const duplicatePairs = pairsIn((id) => truthOf(id).work);
  const versionPairs = pairsIn(familyKey) - duplicatePairs;
  const relatedPairs = pairsIn(studyKey) - pairsIn((id) => `${studyKey(id)}\n${familyKey(id)}`);

  // Labels the engine's pairs need but nobody gave.
  const undecided = new Set(set.unlabelled.map(([a, b]) => `${a} ${b}`));
  for (const pair of pairs) if (!set.decided(pair.a, pair.b)) undecided.add(`${pair.a} ${pair.b}`);
  for (const k of undecided) {
    const [a, b] = k.split(' ').map(Number) as [number, number];
    problems.unlabelled.push(`${name(a, b)} (counted as different works)`);
  }

  // Expected outcomes of the generated cases.
  const classes: Record<string, string> = {};
  let expectPassed = 0;
  if (set.expect !== undefined) {
    const outcome = outcomes(pairs, set.records);
    const tally = new Map<string, [number, number]>();
    const failures = new Map<string, string[]>();
    for (const e of set.expect) {
      const got = outcome(e.a, e.b);
      const ok = e.accept.includes(got);
      const [passed, total] = tally.get(e.class) ?? [0, 0];
      tally.set(e.class, [passed + (ok ? 1 : 0), total + 1]);
      if (ok) expectPassed++;
      else failures.set(e.class, [...(failures.get(e.class) ?? []), `${name(e.a, e.b)}: ${e.relation}, became ${got}, expected ${e.accept.join(' or ')} (${e.why})`]);
    }
    // One example per class: a class failing on every pair of a supplement would hide the others.
    for (const lines of failures.values()) problems['unexpected outcomes'].push(`${lines[0]}${lines.length > 1 ? `, and ${lines.length - 1} more pairs of this class` : ''}`);
    for (const [c, [passed, total]] of tally) classes[c] = `${passed}/${total}`;
  }

  return {
    counts: {
      records: set.records.length,
      works: byWork.size,
      duplicatePairs,
      versionPairs,
      relatedPairs,
      certainPairs: certain.length,
      groups: groups.length,
      linkedPairs,
      linkedCorrect,
      duplicatesLinked,
      duplicatesFound,
      falseMergeGroups,
      falseMergedWorks,
      versionMergeGroups,
      versionMergedWorks,
      tp,
      fp,
      fn,
      tn,
      queued: queued.length,
      queuedDuplicates,
      queuedVersions,
      queuedRelated,
      queueNoise,
      queueRelations: questions.size,
      expectPassed,
      expectTotal: set.expect?.length ?? 0,
      unlabelled: undecided.size,
    },
    classes,
    problems,
  };
}

/** The counts of several sets as one. */
export function sumCounts(all: readonly QualityCounts[]): QualityCounts {
  const total = { ...all[0]! };
  for (const counts of all.slice(1)) for (const key of Object.keys(total) as Array<keyof QualityCounts>) total[key] += counts[key];
  return total;
}

export interface QualityFigures {
  records: number;
  duplicatePairs: number;
  /** Precision and recall of automatic links (every pair inside a group). */
  linkPrecision: number | null;
  linkRecall: number | null;
  /** Duplicate pairs found automatically or in the queue, directly or through a group. */
  certainOrProbableRecall: number | null;
  falseMergedWorks: number;
  falseMergeGroups: number;
  sensitivity: number | null;
  specificity: number | null;
  queued: number;
  queueNoise: number;
}

export function figuresOf(c: QualityCounts): QualityFigures {
  return {
    records: c.records,
    duplicatePairs: c.duplicatePairs,
    linkPrecision: share(c.linkedCorrect, c.linkedPairs),
    linkRecall: share(c.duplicatesLinked, c.duplicatePairs),
    certainOrProbableRecall: share(c.duplicatesFound, c.duplicatePairs),
    falseMergedWorks: c.falseMergedWorks,
    falseMergeGroups: c.falseMergeGroups,
    sensitivity: share(c.tp, c.tp + c.fn),
    specificity: share(c.tn, c.tn + c.fp),
    queued: c.queued,
    queueNoise: c.queueNoise,
  };
}

/** null when there is nothing to divide (JSON has no NaN). */
const share = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000);

function groupBy<K>(ids: readonly number[], keyOf: (id: number) => K): Map<K, number[]> {
  const out = new Map<K, number[]>();
  for (const id of ids) {
    const key = keyOf(id);
    const list = out.get(key);
    if (list === undefined) out.set(key, [id]);
    else list.push(id);
  }
  return out;
}

/** Record id → its component under the pairs (absent when in no pair). */
function componentOf(pairs: ReadonlyArray<{ a: number; b: number }>): Map<number, number> {
  const of = new Map<number, number>();
  for (const members of linkComponents(pairs)) for (const id of members) of.set(id, members[0]!);
  return of;
}

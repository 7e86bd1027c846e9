import { performance } from 'node:perf_hooks';
import { classifyPair, type DuplicatePair } from '../../../src/dedup/classify-pair.js';
import { findDuplicates, groupDuplicates } from '../../../src/dedup/find-duplicates.js';
import { KeyCache, prepareRecord } from '../../../src/dedup/prepared-record.js';
import type { BenchCase } from '../bench-case.js';
import { dedupCorpus, type DedupCorpus } from '../dedup-corpus.js';
import { median, round } from '../measure.js';
import { peakRssMb } from '../server-process.js';
import { detectDuplicates } from '../../../src/dedup/detection.js';
import { storeCorpus } from '../dedup-store.js';
import { withTempDir } from '../temp-dir.js';

const LARGE = 50_000;
const SMALL = 10_000;

/**
 * Duplicate detection (pure, in this process) on generated records with ~8% planted duplicates
 * and ~1% planted near-misses (dedup-corpus.ts): time at 50,000 and 10,000 records, recall of the
 * planted duplicates, precision of the automatic (certain) links. Baseline: at 10,000, every pair
 * compared by the same classifier, without blocking; `ratio` = blocked ÷ all-pairs time there.
 * `service`: the same 50,000 stored in SQLite and checked the way an import or "Find duplicates"
 * does (read the rows, detect, write every merge, pair and audit event in one transaction).
 */
export const dedupCase: BenchCase = {
  name: 'dedup',
  description: `duplicate detection at ${LARGE.toLocaleString('en-GB')} and ${SMALL.toLocaleString('en-GB')} records, against all pairs at ${SMALL.toLocaleString('en-GB')}`,
  defaultRuns: 3,
  async run({ runs, log }) {
    const large = dedupCorpus(LARGE);
    const small = dedupCorpus(SMALL);
    const largeMs: number[] = [];
    const smallMs: number[] = [];
    const allPairsMs: number[] = [];
    const ratios: number[] = [];
    const serviceMs: number[] = [];
    let serviceQuality: ServiceQuality | undefined;
    let largeQuality: Quality | undefined;
    let smallQuality: Quality | undefined;
    let allPairsQuality: Quality | undefined;
    findDuplicates(small.records); // unmeasured: lets the JIT compile the hot paths first
    for (let run = 1; run <= runs; run++) {
      const [largeTime, largePairs] = timed(() => findDuplicates(large.records));
      const [smallTime, smallPairs] = timed(() => findDuplicates(small.records));
      const [allTime, allPairs] = timed(() => allPairsOf(small));
      largeMs.push(largeTime);
      smallMs.push(smallTime);
      allPairsMs.push(allTime);
      ratios.push(smallTime / allTime);
      largeQuality = quality(large, largePairs);
      smallQuality = quality(small, smallPairs);
      allPairsQuality = quality(small, allPairs);
      const [serviceTime, stored] = await timedService(large);
      serviceMs.push(serviceTime);
      serviceQuality = stored;
      log(`dedup run ${run}/${runs}: ${round(largeTime)} ms at ${LARGE} (service ${round(serviceTime)} ms), ${round(smallTime)} ms at ${SMALL}, all pairs ${round(allTime)} ms`);
    }
    return {
      runs,
      medianMs: round(median(largeMs)),
      recordsPerSec: round(LARGE / (median(largeMs) / 1000)),
      ...largeQuality!,
      small: { medianMs: round(median(smallMs)), ...smallQuality! },
      allPairs: { medianMs: round(median(allPairsMs)), ...allPairsQuality! },
      service: { medianMs: round(median(serviceMs)), ...serviceQuality! },
      baseline: `all pairs at ${SMALL} records, same classifier`,
      ratio: round(median(ratios)),
      peakRssMb: peakRssMb(process.pid),
    };
  },
};

interface ServiceQuality {
  merges: number;
  linked: number;
  queued: number;
  /** Links written whose record and primary really are one work. */
  linkPrecision: number;
  /** Planted duplicates linked to one primary or waiting as a pair. */
  recall: number;
  [figure: string]: number;
}

/** Detection through the service on a freshly stored copy of the corpus (storing it is not timed). */
async function timedService(corpus: DedupCorpus): Promise<[number, ServiceQuality]> {
  return withTempDir(async (dir) => {
    const { db, ctx } = await storeCorpus(dir, corpus.records);
    try {
      const start = performance.now();
      const result = await detectDuplicates(db.kysely, ctx);
      const ms = performance.now() - start;
      const links = db.sqlite.prepare('SELECT id, duplicate_of FROM record WHERE duplicate_of IS NOT NULL').all() as Array<{ id: number; duplicate_of: number }>;
      const primary = new Map(links.map((l) => [l.id, l.duplicate_of]));
      const groupOf = (id: number) => primary.get(id) ?? id;
      // A queued pair stands for the relation between two groups (find-duplicates.ts: one pair per relation).
      const relations = new Set((db.sqlite.prepare('SELECT record_a, record_b FROM duplicate_pair').all() as Array<{ record_a: number; record_b: number }>).map((p) => relationKey(groupOf(p.record_a), groupOf(p.record_b))));
      const found = corpus.planted.filter(([a, b]) => groupOf(a) === groupOf(b) || relations.has(relationKey(groupOf(a), groupOf(b))));
      return [ms, {
        merges: result.merges.length,
        linked: result.linked,
        queued: result.queued,
        linkPrecision: round(links.filter((l) => corpus.work.get(l.id) === corpus.work.get(l.duplicate_of)).length / Math.max(1, links.length), 4),
        recall: round(found.length / corpus.planted.length, 4),
      }];
    } finally {
      await db.close();
    }
  });
}

function timed<T>(work: () => T): [number, T] {
  const start = performance.now();
  const result = work();
  return [performance.now() - start, result];
}

/** What blocking saves: every pair through the classifier, vetoes and scores alike. */
function allPairsOf(corpus: DedupCorpus): DuplicatePair[] {
  const cache = new KeyCache();
  const prepared = corpus.records.map((r, i) => prepareRecord(r, i, cache));
  const pairs: DuplicatePair[] = [];
  for (let i = 0; i < prepared.length; i++) {
    for (let j = i + 1; j < prepared.length; j++) {
      const pair = classifyPair(prepared[i]!, prepared[j]!);
      if (pair !== null) pairs.push(pair);
    }
  }
  return pairs;
}

interface Quality {
  records: number;
  plantedDuplicates: number;
  /** Planted duplicates found as a certain or probable pair (or joined by certain links). */
  recall: number;
  /** The same, only automatic (certain) links. */
  certainRecall: number;
  recallByKind: Record<string, number>;
  certainPairs: number;
  /** Certain pairs whose records really are one work. */
  certainPrecision: number;
  probablePairs: number;
  probablePrecision: number;
  nearMisses: number;
  nearMissesLinkedCertain: number;
  nearMissesProbable: number;
  [figure: string]: number | Record<string, number>;
}

const relationKey = (x: number, y: number) => (x < y ? `${x} ${y}` : `${y} ${x}`);

function quality(corpus: DedupCorpus, pairs: readonly DuplicatePair[]): Quality {
  const key = (a: number, b: number) => (a < b ? `${a} ${b}` : `${b} ${a}`);
  const byKey = new Map(pairs.map((p) => [key(p.a, p.b), p]));
  const certain = pairs.filter((p) => p.kind === 'certain');
  const probable = pairs.filter((p) => p.kind === 'probable');
  const groupOf = new Map<number, number>();
  for (const [n, group] of groupDuplicates(certain, corpus.records).entries()) for (const id of group.members) groupOf.set(id, n);
  const linked = (a: number, b: number) => groupOf.has(a) && groupOf.get(a) === groupOf.get(b);
  const same = (p: DuplicatePair) => corpus.work.get(p.a) === corpus.work.get(p.b);

  // A pair found directly, or through the groups its records are in (one queued pair per relation).
  const groupKey = (id: number) => groupOf.get(id) ?? -id;
  const relations = new Set(pairs.map((p) => relationKey(groupKey(p.a), groupKey(p.b))));
  const found = corpus.planted.filter(([a, b]) => byKey.has(key(a, b)) || linked(a, b) || relations.has(relationKey(groupKey(a), groupKey(b))));
  const foundCertain = corpus.planted.filter(([a, b]) => byKey.get(key(a, b))?.kind === 'certain' || linked(a, b));
  const recallByKind: Record<string, number> = {};
  for (const kind of new Set(corpus.planted.map(([, , k]) => k))) {
    const all = corpus.planted.filter(([, , k]) => k === kind);
    recallByKind[kind] = round(found.filter(([, , k]) => k === kind).length / all.length, 4);
  }
  const nearMissKinds = corpus.nearMisses.map(([a, b]) => byKey.get(key(a, b))?.kind);
  return {
    records: corpus.records.length,
    plantedDuplicates: corpus.planted.length,
    recall: round(found.length / corpus.planted.length, 4),
    certainRecall: round(foundCertain.length / corpus.planted.length, 4),
    recallByKind,
    certainPairs: certain.length,
    certainPrecision: round(certain.filter(same).length / certain.length, 4),
    probablePairs: probable.length,
    probablePrecision: round(probable.filter(same).length / Math.max(1, probable.length), 4),
    nearMisses: corpus.nearMisses.length,
    nearMissesLinkedCertain: nearMissKinds.filter((k) => k === 'certain').length,
    nearMissesProbable: nearMissKinds.filter((k) => k === 'probable').length,
  };
}

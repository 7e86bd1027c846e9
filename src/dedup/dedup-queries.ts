/**
 * Read models for the duplicates page: the queue (one pending pair at a time, highest score first)
 * and the merges that can be undone. Writes go through dedup-service.ts.
 */
import type { Kysely } from 'kysely';
import type { Database, MergeReason, RecordRow } from '../db/schema.js';
import type { PairKind } from './classify-pair.js';
import type { CompareField } from './differing-fields.js';
import { groupMembers } from './merge-group.js';
import { multiReportStudies } from './study-reports.js';

/** One side of a pair, as a person compares it. */
export type PairRecord = Pick<
  RecordRow,
  'id' | 'title' | 'year' | 'journal' | 'volume' | 'issue' | 'pages' | 'doi' | 'pmid' | 'abstract'
> & {
  authors: string[];
  /** The search (import batch) it came from. */
  source: string;
};

export interface QueuePair {
  id: number;
  kind: PairKind;
  score: number;
  reasons: string[];
  differing: CompareField[];
  a: PairRecord;
  b: PairRecord;
}

export interface MergeMember {
  id: number;
  title: string;
  source: string;
}

/** A merge still in effect, with the group its primary heads now (later merges may have changed it). */
export interface MergeSummary {
  id: number;
  reason: MergeReason;
  createdAt: string;
  createdBy: string | null;
  primary: MergeMember;
  /** Records linked to the primary now; empty when the primary was itself merged into another group. */
  duplicates: MergeMember[];
}

const textList = (json: string): string[] => {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.map(String) : [];
};

function selectPairRecords(db: Kysely<Database>, reviewId: number, ids: readonly number[]) {
  return db
    .selectFrom('record')
    .innerJoin('importBatch', 'importBatch.id', 'record.batchId')
    .select([
      'record.id', 'record.title', 'record.authorsJson', 'record.year', 'record.journal', 'record.volume', 'record.issue',
      'record.pages', 'record.doi', 'record.pmid', 'record.abstract', 'importBatch.sourceName', 'importBatch.fileName',
    ])
    .where('record.reviewId', '=', reviewId)
    .where('record.id', 'in', ids)
    .execute();
}

type SourceColumns = { sourceName: string; fileName: string };
const sourceOf = (row: SourceColumns) => (row.sourceName ? `${row.sourceName} (${row.fileName})` : row.fileName);

/** The pending pair at position `at` of the queue (0: the highest score), or null past its end. */
export async function pendingPairAt(db: Kysely<Database>, reviewId: number, at: number): Promise<QueuePair | null> {
  const pair = await db
    .selectFrom('duplicatePair')
    .selectAll()
    .where('reviewId', '=', reviewId)
    .where('status', '=', 'pending')
    .orderBy('score', 'desc')
    .orderBy('id')
    .limit(1)
    .offset(at)
    .executeTakeFirst();
  if (!pair) return null;
  const rows = await selectPairRecords(db, reviewId, [pair.recordA, pair.recordB]);
  const side = (id: number): PairRecord => {
    const row = rows.find((r) => r.id === id)!;
    const { authorsJson, sourceName: _name, fileName: _file, ...fields } = row;
    return { ...fields, authors: textList(authorsJson), source: sourceOf(row) };
  };
  return {
    id: pair.id,
    kind: pair.kind,
    score: pair.score,
    reasons: textList(pair.reasonsJson),
    differing: textList(pair.differingJson) as CompareField[],
    a: side(pair.recordA),
    b: side(pair.recordB),
  };
}

/** Ids of the pending "possibly the same work" pairs scoring at least `minScore`, highest first (the queue is small: no counter). */
export async function pendingPairIdsAtLeast(db: Kysely<Database>, reviewId: number, minScore: number): Promise<number[]> {
  const rows = await db
    .selectFrom('duplicatePair')
    .select('id')
    .where('reviewId', '=', reviewId)
    .where('status', '=', 'pending')
    // Versions and related reports are two reports by nature: never confirmed as one in bulk.
    .where('kind', '=', 'probable')
    .where('score', '>=', minScore)
    .orderBy('score', 'desc')
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

/** The newest merges not undone (at most `limit`), each with its primary's current group. */
export async function listMerges(db: Kysely<Database>, reviewId: number, limit = 100): Promise<MergeSummary[]> {
  const events = await db
    .selectFrom('mergeEvent')
    .leftJoin('account', 'account.id', 'mergeEvent.createdBy')
    .select(['mergeEvent.id', 'mergeEvent.reason', 'mergeEvent.createdAt', 'mergeEvent.primaryId', 'account.name as createdBy'])
    .where('mergeEvent.reviewId', '=', reviewId)
    .where('mergeEvent.undoneAt', 'is', null)
    .orderBy('mergeEvent.id', 'desc')
    .limit(limit)
    .execute();
  if (events.length === 0) return [];
  const primaryIds = [...new Set(events.map((e) => e.primaryId))];
  const rows = await db
    .selectFrom('record')
    .innerJoin('importBatch', 'importBatch.id', 'record.batchId')
    .select(['record.id', 'record.title', 'record.duplicateOf', 'importBatch.sourceName', 'importBatch.fileName'])
    .where('record.reviewId', '=', reviewId)
    .where('record.id', 'in', await groupMembers(db, reviewId, primaryIds))
    .orderBy('record.id')
    .execute();
  const member = (row: (typeof rows)[number]): MergeMember => ({ id: row.id, title: row.title, source: sourceOf(row) });
  return events.map((event) => ({
    id: event.id,
    reason: event.reason,
    createdAt: event.createdAt,
    createdBy: event.createdBy,
    primary: member(rows.find((r) => r.id === event.primaryId)!),
    duplicates: rows.filter((r) => r.duplicateOf === event.primaryId).map(member),
  }));
}

/** A study with more than one report: its reports (works confirmed as versions), by their primary records. */
export type StudyReports = { id: number; title: string }[];

/** Every study with more than one report, with the reports' titles. */
export async function listMultiReportStudies(db: Kysely<Database>, reviewId: number): Promise<StudyReports[]> {
  const studies = await multiReportStudies(db, reviewId);
  if (studies.length === 0) return [];
  const rows = await db.selectFrom('record').select(['id', 'title']).where('reviewId', '=', reviewId).where('id', 'in', studies.flat()).execute();
  const title = new Map(rows.map((r) => [r.id, r.title]));
  return studies.map((ids) => ids.map((id) => ({ id, title: title.get(id) ?? '' })));
}

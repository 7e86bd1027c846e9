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
  'id' | 'title' | 'year' | 'journal' | 'volume' | 'issue' | 'pages' | 'doi' | 'pmid' | 'abstract' | 'type' | 'publisher'
> & {
  authors: string[];
  /** The export's note (CSL `note`: "Working paper no. 12", "Preprint"), '' when it had none. */
  note: string;
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

/** A merge still in effect. */
export interface MergeMade {
  id: number;
  reason: MergeReason;
  createdAt: string;
  createdBy: string | null;
}

/** Records linked as one work now, with the merges still in effect that made the group (newest first). */
export interface MergeGroup {
  primary: MergeMember;
  duplicates: MergeMember[];
  merges: MergeMade[];
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
      'record.pages', 'record.doi', 'record.pmid', 'record.abstract', 'record.type', 'record.publisher', 'record.cslJson',
      'importBatch.sourceName', 'importBatch.fileName',
    ])
    .where('record.reviewId', '=', reviewId)
    .where('record.id', 'in', ids)
    .execute();
}

function noteOf(cslJson: string): string {
  const csl: unknown = JSON.parse(cslJson);
  const note = csl !== null && typeof csl === 'object' ? (csl as { note?: unknown }).note : undefined;
  return typeof note === 'string' ? note : '';
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
    const { authorsJson, cslJson, sourceName: _name, fileName: _file, ...fields } = row;
    return { ...fields, authors: textList(authorsJson), note: noteOf(cslJson), source: sourceOf(row) };
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

/**
 * The groups the newest merges not undone (at most `limit`) made, each listed once however many
 * merges built it: a merge into a record that was later linked into another group belongs to that group.
 */
export async function listMergeGroups(db: Kysely<Database>, reviewId: number, limit = 100): Promise<MergeGroup[]> {
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
  const primaries = await db
    .selectFrom('record')
    .select(['id', 'duplicateOf'])
    .where('reviewId', '=', reviewId)
    .where('id', 'in', [...new Set(events.map((e) => e.primaryId))])
    .execute();
  const headOf = new Map(primaries.map((r) => [r.id, r.duplicateOf ?? r.id]));
  const heads = [...new Set(events.map((e) => headOf.get(e.primaryId) ?? e.primaryId))];
  const rows = await db
    .selectFrom('record')
    .innerJoin('importBatch', 'importBatch.id', 'record.batchId')
    .select(['record.id', 'record.title', 'record.duplicateOf', 'importBatch.sourceName', 'importBatch.fileName'])
    .where('record.reviewId', '=', reviewId)
    .where('record.id', 'in', await groupMembers(db, reviewId, heads))
    .orderBy('record.id')
    .execute();
  const member = (row: (typeof rows)[number]): MergeMember => ({ id: row.id, title: row.title, source: sourceOf(row) });
  const groups = new Map<number, MergeGroup>();
  for (const event of events) {
    const head = headOf.get(event.primaryId) ?? event.primaryId;
    const row = rows.find((r) => r.id === head);
    if (!row) continue;
    let group = groups.get(head);
    if (!group) {
      group = { primary: member(row), duplicates: rows.filter((r) => r.duplicateOf === head).map(member), merges: [] };
      groups.set(head, group);
    }
    group.merges.push({ id: event.id, reason: event.reason, createdAt: event.createdAt, createdBy: event.createdBy });
  }
  return [...groups.values()];
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

import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { groupMembers } from './merge-group.js';
import { otherReports } from './study-reports.js';

/** A record of the same work, as the detail page links it. */
export interface GroupMember {
  id: number;
  title: string;
}

/** Where one record of the work was found. */
export interface WorkSource {
  recordId: number;
  batchId: number;
  sourceName: string;
  fileName: string;
}

/**
 * A record's place among the copies of its work: its primary, or its duplicates, every search the
 * work came from and the other reports of its study.
 */
export interface RecordGroup {
  primary: GroupMember | null;
  duplicates: GroupMember[];
  sources: WorkSource[];
  /** Other works confirmed as versions (reports) of the same study, by their primary records. */
  reports: GroupMember[];
}

export async function loadRecordGroup(db: Kysely<Database>, reviewId: number, record: { id: number; duplicateOf: number | null }): Promise<RecordGroup> {
  if (record.duplicateOf !== null) {
    const primary = await db.selectFrom('record').select(['id', 'title']).where('reviewId', '=', reviewId).where('id', '=', record.duplicateOf).executeTakeFirst();
    return { primary: primary ?? null, duplicates: [], sources: [], reports: [] };
  }
  const rows = await db
    .selectFrom('record')
    .innerJoin('importBatch', 'importBatch.id', 'record.batchId')
    .select(['record.id', 'record.title', 'record.duplicateOf', 'record.batchId', 'importBatch.sourceName', 'importBatch.fileName'])
    .where('record.reviewId', '=', reviewId)
    .where('record.id', 'in', await groupMembers(db, reviewId, [record.id]))
    .orderBy('record.id')
    .execute();
  const reportIds = await otherReports(db, reviewId, record.id);
  const reports = reportIds.length === 0 ? [] : await db.selectFrom('record').select(['id', 'title']).where('reviewId', '=', reviewId).where('id', 'in', reportIds).orderBy('id').execute();
  return {
    primary: null,
    duplicates: rows.filter((r) => r.duplicateOf !== null).map(({ id, title }) => ({ id, title })),
    sources: rows.map((r) => ({ recordId: r.id, batchId: r.batchId, sourceName: r.sourceName, fileName: r.fileName })),
    reports,
  };
}

import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

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

/** A record's place among the copies of its work: its primary, or its duplicates and every search the work came from. */
export interface RecordGroup {
  primary: GroupMember | null;
  duplicates: GroupMember[];
  sources: WorkSource[];
}

export async function loadRecordGroup(db: Kysely<Database>, reviewId: number, record: { id: number; duplicateOf: number | null }): Promise<RecordGroup> {
  if (record.duplicateOf !== null) {
    const primary = await db.selectFrom('record').select(['id', 'title']).where('reviewId', '=', reviewId).where('id', '=', record.duplicateOf).executeTakeFirst();
    return { primary: primary ?? null, duplicates: [], sources: [] };
  }
  const rows = await db
    .selectFrom('record')
    .innerJoin('importBatch', 'importBatch.id', 'record.batchId')
    .select(['record.id', 'record.title', 'record.duplicateOf', 'record.batchId', 'importBatch.sourceName', 'importBatch.fileName'])
    .where('record.reviewId', '=', reviewId)
    .where((eb) => eb.or([eb('record.id', '=', record.id), eb('record.duplicateOf', '=', record.id)]))
    .orderBy('record.id')
    .execute();
  return {
    primary: null,
    duplicates: rows.filter((r) => r.duplicateOf !== null).map(({ id, title }) => ({ id, title })),
    sources: rows.map((r) => ({ recordId: r.id, batchId: r.batchId, sourceName: r.sourceName, fileName: r.fileName })),
  };
}

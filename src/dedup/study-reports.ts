/**
 * Reports and studies (PRISMA 2020 counts them apart). Confirmed versions of one work — a preprint
 * and its published article, pairs a person decided `versions` — stay separate records and are
 * grouped as reports of one study. The grouping is derived from those pairs through each record's
 * current primary, so merges and their undo never leave it stale.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { linkComponents } from './link-components.js';
import { primariesOf } from './merge-group.js';

/** Studies with more than one report: each a sorted list of primary record ids. */
export async function multiReportStudies(db: Kysely<Database>, reviewId: number): Promise<number[][]> {
  const pairs = await db.selectFrom('duplicatePair').select(['recordA', 'recordB']).where('reviewId', '=', reviewId).where('status', '=', 'versions').execute();
  if (pairs.length === 0) return [];
  const primaries = await primariesOf(db, reviewId, pairs.flatMap((p) => [p.recordA, p.recordB]));
  const links = pairs.map((p) => ({ a: primaries.get(p.recordA)!, b: primaries.get(p.recordB)! })).filter((l) => l.a !== l.b);
  return linkComponents(links);
}

/** Maps a primary record id to its study (the smallest primary id among its reports). */
export type StudyOf = (primaryId: number) => number;

export async function studyOfReports(db: Kysely<Database>, reviewId: number): Promise<StudyOf> {
  const study = new Map<number, number>();
  for (const reports of await multiReportStudies(db, reviewId)) for (const id of reports) study.set(id, reports[0]!);
  return (id) => study.get(id) ?? id;
}

/** How many studies the given primary records (reports) are. */
export function countStudies(primaryIds: Iterable<number>, studyOf: StudyOf): number {
  return new Set([...primaryIds].map(studyOf)).size;
}

/** The other reports of the study a primary record belongs to (empty when it is the only one). */
export async function otherReports(db: Kysely<Database>, reviewId: number, primaryId: number): Promise<number[]> {
  const reports = (await multiReportStudies(db, reviewId)).find((ids) => ids.includes(primaryId));
  return reports ? reports.filter((id) => id !== primaryId) : [];
}

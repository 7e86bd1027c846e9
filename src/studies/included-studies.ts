/**
 * The studies a review includes: records whose full-text outcome is "include" and that are not
 * duplicates. Coding, extraction, synthesis, PRISMA and exports all start from this one query.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { textList } from '../records/record-queries.js';
import { citationLabels } from './citation-label.js';

export interface IncludedStudy {
  id: number;
  title: string;
  authors: string[];
  year: number | null;
  journal: string;
  doi: string | null;
  /** "Author (Year)", unique within the review ("2016a", "2016b"). */
  label: string;
}

/** The included studies' ids as a query, to use inside others (`where('recordId', 'in', …)`). */
export function includedStudyIdsQuery(db: Kysely<Database>, reviewId: number) {
  return db
    .selectFrom('screeningItem')
    .select('recordId')
    .where('reviewId', '=', reviewId)
    .where('stage', '=', 'full_text')
    .where('status', '=', 'decided')
    .where('outcome', '=', 'include')
    .where('active', '=', 1);
}

/** Whether a record is an included study of the review. */
export async function isIncludedStudy(db: Kysely<Database>, reviewId: number, recordId: number): Promise<boolean> {
  const row = await includedStudyIdsQuery(db, reviewId).where('recordId', '=', recordId).executeTakeFirst();
  return row !== undefined;
}

// One collator for every comparison: localeCompare with options builds one per call.
const LABEL_ORDER = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/** The included studies with what a citation needs, ordered by label (as a chapter lists them). */
export async function includedStudies(db: Kysely<Database>, reviewId: number): Promise<IncludedStudy[]> {
  const rows = await db
    .selectFrom('screeningItem as i')
    .innerJoin('record as r', 'r.id', 'i.recordId')
    .select(['r.id', 'r.title', 'r.authorsJson', 'r.year', 'r.journal', 'r.doi'])
    .where('i.reviewId', '=', reviewId)
    .where('i.stage', '=', 'full_text')
    .where('i.status', '=', 'decided')
    .where('i.outcome', '=', 'include')
    .where('i.active', '=', 1)
    .orderBy('r.year')
    .orderBy('r.id')
    .execute();
  const studies = rows.map((r) => ({ id: r.id, title: r.title, authors: textList(r.authorsJson), year: r.year, journal: r.journal, doi: r.doi }));
  const labels = citationLabels(studies);
  return studies
    .map((s) => ({ ...s, label: labels.get(s.id)! }))
    .sort((a, b) => LABEL_ORDER.compare(a.label, b.label) || a.id - b.id);
}

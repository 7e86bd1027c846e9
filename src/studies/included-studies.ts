/**
 * The studies a review includes, as PRISMA 2020 counts them: records whose full-text outcome is
 * "include" and that are not duplicates are its included *reports*; reports a person grouped as one
 * study (a preprint and its article, several papers of one project: `versions` pairs, see
 * src/dedup/study-reports.ts) are one *study*. Coding, extraction, synthesis, appraisal, the chapter
 * and every count start from `includedStudies`, so they all agree with PRISMA.
 *
 * A study's id is its lead report's record id (the smallest). What is written about a study (codes,
 * memo, extraction, excerpts) stays on the report it was written to and is read over all the study's
 * reports, so grouping and separating reports later never hides or loses anything.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { studyOfReports } from '../dedup/study-reports.js';
import { textList } from '../records/record-queries.js';
import { citationLabels } from './citation-label.js';

/** What a citation is made of. */
export interface CitationFields {
  title: string;
  authors: string[];
  year: number | null;
  journal: string;
  doi: string | null;
}

export interface IncludedReport extends CitationFields {
  id: number;
  type: string;
}

/** A study: the citation fields are its citing report's, the first of its reports that is not a preprint, else the lead. */
export interface IncludedStudy extends CitationFields {
  /** The lead report's record id (the smallest of the study's included reports). */
  id: number;
  /** "Author (Year)" of the citing report, unique within the review ("2016a", "2016b"). */
  label: string;
  /** Every included report, the citing one first, then by record id. */
  reports: IncludedReport[];
}

/** Each report's study id, over the studies given: how rows stored on any report are read as the study's. */
export function studyIdsByReport(studies: ReadonlyArray<{ id: number; reports: ReadonlyArray<{ id: number }> }>): Map<number, number> {
  return new Map(studies.flatMap((s) => s.reports.map((r) => [r.id, s.id] as const)));
}

/** The included reports' ids as a query, to use inside others (`where('recordId', 'in', …)`). */
export function includedReportIdsQuery(db: Kysely<Database>, reviewId: number) {
  return db
    .selectFrom('screeningItem')
    .select('recordId')
    .where('reviewId', '=', reviewId)
    .where('stage', '=', 'full_text')
    .where('status', '=', 'decided')
    .where('outcome', '=', 'include')
    .where('active', '=', 1);
}

/** Whether a record is an included report of the review (coding and extraction write to any of them). */
export async function isIncludedReport(db: Kysely<Database>, reviewId: number, recordId: number): Promise<boolean> {
  const row = await includedReportIdsQuery(db, reviewId).where('recordId', '=', recordId).executeTakeFirst();
  return row !== undefined;
}

// One collator for every comparison: localeCompare with options builds one per call.
const LABEL_ORDER = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

async function includedReports(db: Kysely<Database>, reviewId: number): Promise<IncludedReport[]> {
  const rows = await db
    .selectFrom('screeningItem as i')
    .innerJoin('record as r', 'r.id', 'i.recordId')
    .select(['r.id', 'r.title', 'r.authorsJson', 'r.year', 'r.journal', 'r.doi', 'r.type'])
    .where('i.reviewId', '=', reviewId)
    .where('i.stage', '=', 'full_text')
    .where('i.status', '=', 'decided')
    .where('i.outcome', '=', 'include')
    .where('i.active', '=', 1)
    .orderBy('r.id')
    .execute();
  return rows.map((r) => ({ id: r.id, title: r.title, authors: textList(r.authorsJson), year: r.year, journal: r.journal, doi: r.doi, type: r.type }));
}

/** Reports grouped into studies, the citing report first: a published report is cited before its preprint. */
export function groupReports(reports: readonly IncludedReport[], studyOf: (reportId: number) => number): IncludedReport[][] {
  const groups = new Map<number, IncludedReport[]>();
  for (const report of reports) {
    const key = studyOf(report.id);
    const group = groups.get(key);
    if (group) group.push(report);
    else groups.set(key, [report]);
  }
  const citing = (r: IncludedReport) => (r.type === 'preprint' ? 1 : 0);
  return [...groups.values()].map((group) => [...group].sort((a, b) => citing(a) - citing(b) || a.id - b.id));
}

/** The included studies with what a citation needs, ordered by label (as a chapter lists them). */
export async function includedStudies(db: Kysely<Database>, reviewId: number): Promise<IncludedStudy[]> {
  const [reports, studyOf] = await Promise.all([includedReports(db, reviewId), studyOfReports(db, reviewId)]);
  const studies = groupReports(reports, studyOf).map((group) => {
    const { type: _type, id: _citingId, ...citing } = group[0]!;
    return { id: Math.min(...group.map((r) => r.id)), ...citing, reports: group };
  });
  const labels = citationLabels([...studies].sort((a, b) => (a.year ?? 0) - (b.year ?? 0) || a.id - b.id));
  return studies
    .map((s) => ({ ...s, label: labels.get(s.id)! }))
    .sort((a, b) => LABEL_ORDER.compare(a.label, b.label) || a.id - b.id);
}

/** The included study a report belongs to, if it is an included report. */
export async function studyOfIncludedReport(db: Kysely<Database>, reviewId: number, recordId: number): Promise<IncludedStudy | null> {
  if (!(await isIncludedReport(db, reviewId, recordId))) return null;
  return (await includedStudies(db, reviewId)).find((s) => s.reports.some((r) => r.id === recordId)) ?? null;
}

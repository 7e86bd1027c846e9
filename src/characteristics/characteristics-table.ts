/**
 * The two tables a review's write-up needs beside the PRISMA diagram, as pure functions of what the
 * queries read (characteristics-queries.ts), rendered by characteristics-docx.ts and -xlsx.ts:
 *
 * - Characteristics of included studies (PRISMA 2020 item 17): one row per study (reports grouped,
 *   src/studies/included-studies.ts), its reports cited, then the extraction form's fields in form
 *   order. A study's value for a field is that of its first report (the citing one, then by record
 *   id) that has one: values written on a report before it was grouped with others still show. Last,
 *   the appraisal's overall judgement (src/appraisal: final results only, so blind double appraisal
 *   hides nothing) with its instrument, or where the appraisal stands.
 * - Reports excluded at full text, with reasons (item 16b): one row per report, under the reason
 *   PRISMA counts it (prisma-counts.ts `fullTextReasonRule`), ordered by reason in protocol order
 *   ("No reason given" last) and then by citation; the other reasons its reviewers gave beside it.
 *   Reports not retrieved are listed apart, as PRISMA counts them apart. Reports found by other
 *   methods and handled outside Coreview have no record to list: the counts typed on the PRISMA page
 *   (prisma-boxes.ts) are carried so the documents account for every report the diagram counts.
 */
import { appraisalText, type AppraisalSummary } from '../appraisal/appraisal-queries.js';
import type { ExtractionField } from '../extraction/field-types.js';
import type { ReasonEntry } from '../prisma/prisma-boxes.js';
import { titleOrPlaceholder } from '../records/record-title.js';
import type { IncludedStudy } from '../studies/included-studies.js';

/** What a citation of one report needs. */
export interface CitedReport {
  id: number;
  title: string;
  authors: readonly string[];
  year: number | null;
  journal: string;
  doi: string | null;
}

export interface IncludedRow {
  /** "Author (Year)". */
  study: string;
  /** The citing report first, then the others (“Also reported in”). */
  reports: readonly CitedReport[];
  /** One per field of the form, in form order; '' when no report of the study has a value. */
  values: string[];
  /** The appraisal's overall judgement ("High (CASP …)"), or where the appraisal stands. */
  appraisal: string;
}

export interface IncludedTable {
  fields: readonly ExtractionField[];
  rows: IncludedRow[];
  /** Included reports, all studies together. */
  reports: number;
}

export interface ExcludedRow {
  report: CitedReport;
  /** The reason PRISMA counts the report under. */
  reason: string;
  /** Other reasons its reviewers gave, in protocol order. */
  otherReasons: string[];
}

export interface ExcludedTable {
  excluded: ExcludedRow[];
  notRetrieved: CitedReport[];
  /** Reports found by other methods and handled outside Coreview, as typed on the PRISMA page. */
  outside: { excluded: readonly ReasonEntry[]; notRetrieved: number };
}

/** What the builders need of a report's extraction: its values' text by field id. */
export interface ReportValues {
  values: ReadonlyMap<number, { display: string }>;
}

/**
 * "Maruna, Shadd; Farrall, Stephen (2004). Title. Journal. https://doi.org/10.…" — a short form that
 * identifies the report (authors, year, title, journal, DOI), not a styled reference.
 */
export function reportCitation(report: CitedReport): string {
  const sentence = (text: string) => (/[.?!]$/.test(text) ? text : `${text}.`);
  const authors = report.authors.join('; ') || 'Anonymous';
  const parts = [`${authors} (${report.year ?? 'n.d.'}).`, sentence(titleOrPlaceholder(report.title.trim()))];
  if (report.journal.trim() !== '') parts.push(sentence(report.journal.trim()));
  if (report.doi) parts.push(doiUrl(report.doi));
  return parts.join(' ');
}

export function doiUrl(doi: string): string {
  return `https://doi.org/${encodeURI(doi)}`;
}

/**
 * One row per study, in the order given (includedStudies orders them by label). `extraction` holds
 * the reports' extraction by record id (extractionOfStudies over every report of every study),
 * `appraisal` the studies' appraisal summaries by study id.
 */
export function includedTable(
  studies: readonly IncludedStudy[],
  fields: readonly ExtractionField[],
  extraction: ReadonlyMap<number, ReportValues>,
  appraisal: ReadonlyMap<number, Pick<AppraisalSummary, 'status' | 'overallLabel' | 'instrumentName'>>,
): IncludedTable {
  const rows = studies.map((study): IncludedRow => {
    const values = fields.map((field) => {
      for (const report of study.reports) {
        const value = extraction.get(report.id)?.values.get(field.id)?.display;
        if (value !== undefined && value !== '') return value;
      }
      return '';
    });
    return { study: study.label, reports: study.reports, values, appraisal: appraisalText(appraisal.get(study.id)) };
  });
  return { fields, rows, reports: studies.reduce((n, s) => n + s.reports.length, 0) };
}

// One collator for every comparison: localeCompare with options builds one per call.
const CITATION_ORDER = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/** Sorted by citation, each citation written once (not once per comparison). */
function sortedByCitation<T>(items: readonly T[], reportOf: (item: T) => CitedReport, before: (a: T, b: T) => number = () => 0): T[] {
  return items
    .map((item) => ({ item, citation: reportCitation(reportOf(item)), id: reportOf(item).id }))
    .sort((a, b) => before(a.item, b.item) || CITATION_ORDER.compare(a.citation, b.citation) || a.id - b.id)
    .map(({ item }) => item);
}

/** Excluded reports ordered by their reason's rank (protocol order), then by citation; not retrieved by citation. */
export function excludedTable(
  excluded: ReadonlyArray<{ report: CitedReport; reason: string; rank: number; otherReasons: string[] }>,
  notRetrieved: readonly CitedReport[],
  outside: ExcludedTable['outside'] = { excluded: [], notRetrieved: 0 },
): ExcludedTable {
  return {
    excluded: sortedByCitation(excluded, (row) => row.report, (a, b) => a.rank - b.rank || CITATION_ORDER.compare(a.reason, b.reason)).map(({ report, reason, otherReasons }) => ({
      report,
      reason,
      otherReasons,
    })),
    notRetrieved: sortedByCitation(notRetrieved, (report) => report),
    outside: { excluded: outside.excluded.filter((r) => r.n > 0), notRetrieved: outside.notRetrieved },
  };
}

/**
 * The counts as the CSV template of the PRISMA2020 R package and its Shiny app (Haddaway,
 * Pritchard & McGuinness 2022, doi:10.1002/cl2.1230), so a journal's preferred drawing can be made
 * from the same numbers: upload it at https://estech.shinyapps.io/prisma_flowdiagram/ or run
 * `PRISMA2020::PRISMA_flowdiagram(PRISMA2020::PRISMA_data(read.csv("prisma.csv")))`.
 *
 * Columns, row order, node/box names and texts are those of the package's template,
 * inst/extdata/PRISMA.csv in github.com/prisma-flowdiagram/PRISMA2020 (read at commit
 * 696d35e688113ecb6b7f3ae57395de496252ed0a), plus the two meta-analysis rows the current template
 * ends with (node23/box17, worded as PRISMA_data()'s defaults); only `n` is ours.
 *
 * Two files, because no one file is read right by both releases in use (their PRISMA_data(), read
 * in the package source; test/support/prisma-data-reader.ts re-implements both):
 * - 1.1.4, the current release (R/PRISMA_data.R), looks each box text up through
 *   PRISMA_default_or_csv_(), whose "row not found" branch names the very variable being assigned:
 *   a missing row stops it with "object 'total_studies_ma_text' not found". So its file, the
 *   default prisma.csv, has the meta-analysis rows.
 * - 1.1.1 (PRISMA_data() in R/PRISMA_flowdiagram.R) finds total_studies and total_reports with
 *   an unanchored grep(), which also matches total_studies_ma and total_reports_ma: each would get
 *   two values, and its drawing fails once the previous-review arm is filled in. Its file
 *   (prisma-1.1.1.csv) leaves the two rows out.
 * Coreview has no meta-analysis: those rows' `n` is empty (NA), and 1.1.4 draws no box for NA.
 *
 * How the package reads the file (R/PRISMA_data.R, R/PRISMA_format.R there) decides the details:
 *
 * - Rows are found by grep() on the `data` column, numbers read from `n` with everything but
 *   digits and dots dropped; an empty `n` reads as NA, and NA hides a box: the previous-review arm
 *   is left empty (Coreview has no previous version of a review), and so is the other-methods arm
 *   when nothing was identified or sought that way.
 * - Lists (`database_specific_results`, `register_specific_results`, `dbr_excluded`,
 *   `other_excluded`) are "name, n; name, n": split at ";", the name ending at the first ",". So
 *   commas and semicolons inside a name become " / ". An empty list is written "0": the package
 *   indexes the parsed list as a table, which an empty value (NA) is not.
 * - Records from searches of the type "Other" have no row of their own: they are added to
 *   `organisation_results`, whose box text then says "Organisations and other sources".
 * - No byte-order mark: R's read.csv would read it into the first column's name ("data"), which
 *   the package looks up by name.
 *
 * Quoting follows RFC 4180 (CRLF line ends; a field with a comma, quote or line break is quoted,
 * quotes doubled). Text from users (source names, reasons) that a spreadsheet could take for a
 * formula (=, +, -, @, tab, CR first) is prefixed with an apostrophe.
 */
import type { PrismaCounts } from './prisma-counts.js';

export const TEMPLATE_HEADER = ['data', 'node', 'box', 'description', 'boxtext', 'tooltips', 'url', 'n'] as const;

type TemplateRow = [data: string, node: string, box: string, description: string, boxtext: string, tooltips: string, url: string, n: string];

/** The template's rows, in its order, with its own `n` (0, or the example lists). */
export const TEMPLATE_ROWS: readonly TemplateRow[] = [
  ['NA', 'node4', 'prevstud', 'Grey title box; Previous studies', 'Previous studies', 'Grey title box; Previous studies', 'prevstud.html', '0'],
  ['previous_studies', 'node5', 'box1', 'Studies included in previous version of review', 'Studies included in previous version of review', 'Studies included in previous version of review', 'previous_studies.html', '0'],
  ['previous_reports', 'NA', 'box1', 'Reports of studies included in previous version of review', 'Reports of studies included in previous version of review', 'NA', 'previous_reports.html', '0'],
  ['NA', 'node6', 'newstud', 'Yellow title box; Identification of new studies via databases and registers', 'Identification of new studies via databases and registers', 'Yellow title box; Identification of new studies via databases and registers', 'newstud.html', '0'],
  ['database_results', 'node7', 'box2', 'Records identified from: Databases', 'Databases', 'Records identified from: Databases and Registers', 'database_results.html', '0'],
  ['database_specific_results', 'NA', 'box2', 'Records identified from: specific databases', 'Specific Databases', 'NA', 'database_results.html', 'Database 1, xxx; Database 2, xxx; Database 3, xxx'],
  ['register_results', 'NA', 'box2', 'Records identified from: Registers', 'Registers', 'NA', 'NA', '0'],
  ['register_specific_results', 'NA', 'box2', 'Records identified from: specific registers', 'Specific Registers', 'NA', 'database_results.html', 'Register 1, xxx; Register 2, xxx; Register 3, xxx'],
  ['NA', 'node16', 'othstud', 'Grey title box; Identification of new studies via other methods', 'Identification of new studies via other methods', 'Grey title box; Identification of new studies via other methods', 'othstud.html', '0'],
  ['website_results', 'node17', 'box11', 'Records identified from: Websites', 'Websites', 'Records identified from: Websites, Organisations and Citation Searching', 'website_results.html', '0'],
  ['organisation_results', '', 'box11', 'Records identified from: Organisations', 'Organisations', 'NA', 'NA', '0'],
  ['citations_results', 'NA', 'box11', 'Records identified from: Citation searching', 'Citation searching', 'NA', 'NA', '0'],
  ['duplicates', 'node8', 'box3', 'Duplicate records', 'Duplicate records', 'Duplicate records', 'duplicates.html', '0'],
  ['excluded_automatic', 'NA', 'box3', 'Records marked as ineligible by automation tools', 'Records marked as ineligible by automation tools', 'NA', 'NA', '0'],
  ['excluded_other', 'NA', 'box3', 'Records removed for other reasons', 'Records removed for other reasons', 'NA', 'NA', '0'],
  ['records_screened', 'node9', 'box4', 'Records screened (databases and registers)', 'Records screened', 'Records screened (databases and registers)', 'records_screened.html', '0'],
  ['records_excluded', 'node10', 'box5', 'Records excluded (databases and registers)', 'Records excluded', 'Records excluded (databases and registers)', 'records_excluded.html', '0'],
  ['dbr_sought_reports', 'node11', 'box6', 'Reports sought for retrieval (databases and registers)', 'Reports sought for retrieval', 'Reports sought for retrieval (databases and registers)', 'dbr_sought_reports.html', '0'],
  ['dbr_notretrieved_reports', 'node12', 'box7', 'Reports not retrieved (databases and registers)', 'Reports not retrieved', 'Reports not retrieved (databases and registers)', 'dbr_notretrieved_reports.html', '0'],
  ['other_sought_reports', 'node18', 'box12', 'Reports sought for retrieval (other)', 'Reports sought for retrieval', 'Reports sought for retrieval (other)', 'other_sought_reports.html', '0'],
  ['other_notretrieved_reports', 'node19', 'box13', 'Reports not retrieved (other)', 'Reports not retrieved', 'Reports not retrieved (other)', 'other_notretrieved_reports.html', '0'],
  ['dbr_assessed', 'node13', 'box8', 'Reports assessed for eligibility (databases and registers)', 'Reports assessed for eligibility', 'Reports assessed for eligibility (databases and registers)', 'dbr_assessed.html', '0'],
  ['dbr_excluded', 'node14', 'box9', 'Reports excluded (databases and registers): [separate reasons and numbers using ; e.g. Reason1, xxx; Reason2, xxx; Reason3, xxx]', 'Reports excluded', 'Reports excluded (databases and registers)', 'dbrexcludedrecords.html', 'Reason1, xxx; Reason2, xxx; Reason3, xxx'],
  ['other_assessed', 'node20', 'box14', 'Reports assessed for eligibility (other)', 'Reports assessed for eligibility', 'Reports assessed for eligibility (other)', 'other_assessed.html', '0'],
  ['other_excluded', 'node21', 'box15', 'Reports excluded (other): [separate reasons and numbers using ; e.g. Reason1, xxx; Reason2, xxx; Reason3, xxx]', 'Reports excluded', 'Reports excluded (other)', 'other_excluded.html', 'Reason1, xxx; Reason2, xxx; Reason3, xxx'],
  ['new_studies', 'node15', 'box10', 'New studies included in review', 'New studies included in review', 'New studies included in review', 'new_studies.html', '0'],
  ['new_reports', 'NA', 'box10', 'Reports of new included studies', 'Reports of new included studies', 'NA', 'NA', '0'],
  ['total_studies', 'node22', 'box16', 'Total studies included in review', 'Total studies included in review', 'Total studies included in review', 'total_studies.html', '0'],
  ['total_reports', 'NA', 'box16', 'Reports of total included studies', 'Reports of total included studies', 'NA', 'NA', '0'],
  ['identification', 'node1', 'identification', 'Blue identification box', 'Identification', 'Blue identification box', 'identification.html', '0'],
  ['screening', 'node2', 'screening', 'Blue screening box', 'Screening', 'Blue screening box', 'screening.html', '0'],
  ['included', 'node3', 'included', 'Blue included box', 'Included', 'Blue included box', 'included.html', '0'],
  ['total_studies_ma', 'node23', 'box17', 'Total studies included in meta-analysis', 'Total studies included in meta-analysis', 'Total studies included in meta-analysis', 'total_studies_meta_analysis.html', '0'],
  ['total_reports_ma', 'NA', 'box17', 'Reports of total included studies in meta-analysis', 'Reports of total included studies in meta-analysis', 'NA', 'NA', '0'],
];

/** The package releases a file is written for: the current one (the default) and 1.1.1. */
export const PACKAGE_VERSIONS = ['1.1.4', '1.1.1'] as const;
export type PackageVersion = (typeof PACKAGE_VERSIONS)[number];

/** The rows 1.1.1 must not see: its unanchored look-ups of total_studies and total_reports would match them. */
const META_ANALYSIS = new Set(['total_studies_ma', 'total_reports_ma']);

/** The template's rows as the given release reads them. */
export function templateRows(version: PackageVersion): readonly TemplateRow[] {
  return version === '1.1.1' ? TEMPLATE_ROWS.filter(([data]) => !META_ANALYSIS.has(data)) : TEMPLATE_ROWS;
}

/** A name as one entry of a "name, n; name, n" list: no separators, no line breaks, no formula start. */
export function listName(name: string): string {
  const clean = name.replace(/[\r\n\t]+/g, ' ').replace(/\s*[,;]\s*/g, ' / ').replace(/\s+/g, ' ').trim();
  return neutraliseFormula(clean);
}

function list(entries: ReadonlyArray<{ name: string; n: number }>): string {
  if (entries.length === 0) return '0';
  return entries.map((e) => `${listName(e.name)}, ${e.n}`).join('; ');
}

export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The `n` of each data row, from the counts ('' leaves a box out). */
export function prismaCsvValues(counts: PrismaCounts): Record<string, string> {
  const d = counts.databasesAndRegisters;
  const o = counts.otherMethods;
  const sources = (from: typeof d.databases) => [
    ...from.sources.map((s) => ({ name: s.name, n: s.records })),
    ...(from.notImported > 0 ? [{ name: 'Not imported', n: from.notImported }] : []),
  ];
  const other = (value: number) => (o.shown ? String(value) : '');
  return {
    previous_studies: '',
    previous_reports: '',
    database_results: String(d.databases.total),
    database_specific_results: list(sources(d.databases)),
    register_results: String(d.registers.total),
    register_specific_results: list(sources(d.registers)),
    website_results: other(o.websites.total),
    organisation_results: other(o.organisations.total + o.otherSources.total),
    citations_results: other(o.citationSearching.total),
    duplicates: String(d.duplicates),
    excluded_automatic: String(d.automation),
    excluded_other: String(d.otherReasons),
    records_screened: String(d.screened),
    records_excluded: String(d.recordsExcluded),
    dbr_sought_reports: String(d.sought),
    dbr_notretrieved_reports: String(d.notRetrieved),
    other_sought_reports: other(o.sought),
    other_notretrieved_reports: other(o.notRetrieved),
    dbr_assessed: String(d.assessed),
    dbr_excluded: list(d.reasons.map((r) => ({ name: r.reason, n: r.reports }))),
    other_assessed: other(o.assessed),
    other_excluded: list(o.reasons.map((r) => ({ name: r.reason, n: r.reports }))),
    new_studies: String(counts.included.studies),
    new_reports: String(counts.included.reports),
    total_studies: String(counts.included.studies),
    total_reports: String(counts.included.reports),
    total_studies_ma: '',
    total_reports_ma: '',
  };
}

/** The filled-in template, for the current release unless 1.1.1 is asked for. */
export function prismaCsv(counts: PrismaCounts, version: PackageVersion = '1.1.4'): string {
  const values = prismaCsvValues(counts);
  const lines = [TEMPLATE_HEADER as readonly string[]];
  for (const row of templateRows(version)) {
    const filled = [...row];
    const [data] = row;
    if (data in values) filled[7] = values[data]!;
    if (data === 'organisation_results' && counts.otherMethods.otherSources.total > 0) filled[4] = 'Organisations and other sources';
    lines.push(filled);
  }
  return lines.map((fields) => `${fields.map(csvField).join(',')}\r\n`).join('');
}

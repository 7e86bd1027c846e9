/**
 * What the characteristics tables are built from (characteristics-table.ts), read with the queries
 * the rest of Coreview uses: the included studies (includedStudies), the extraction form and its
 * values (extraction-queries.ts), the appraisal summaries (appraisal-queries.ts), and for excluded reports PRISMA's own reason rule, so the table
 * lists exactly the reports the flow diagram counts per reason. Callers gate on blind screening
 * (includedStudiesGate): both tables are full text's results.
 */
import type { Kysely } from 'kysely';
import { appraisalSummaries } from '../appraisal/appraisal-queries.js';
import type { Database } from '../db/schema.js';
import { extractionForm, extractionOfStudies } from '../extraction/extraction-queries.js';
import { readBoxes } from '../prisma/prisma-boxes.js';
import { fullTextReasonRule } from '../prisma/prisma-counts.js';
import { textList } from '../records/record-queries.js';
import { includedStudies } from '../studies/included-studies.js';
import { excludedTable, includedTable, type CitedReport, type ExcludedTable, type IncludedTable } from './characteristics-table.js';

export async function includedCharacteristics(db: Kysely<Database>, reviewId: number): Promise<IncludedTable> {
  const [studies, fields] = await Promise.all([includedStudies(db, reviewId), extractionForm(db, reviewId)]);
  const [extraction, appraisal] = await Promise.all([
    extractionOfStudies(db, reviewId, studies.flatMap((s) => s.reports.map((r) => r.id)), fields),
    appraisalSummaries(db, reviewId, studies),
  ]);
  return includedTable(studies, fields, extraction, appraisal);
}

/**
 * Reports excluded at full text (decided, outcome exclude) and reports not retrieved: active full-text
 * items of records that are not duplicates, as PRISMA counts them; and the typed counts of reports
 * handled outside Coreview.
 */
export async function excludedCharacteristics(db: Kysely<Database>, reviewId: number): Promise<ExcludedTable> {
  const [items, rule, boxes] = await Promise.all([
    db
      .selectFrom('screeningItem as i')
      .innerJoin('record as r', 'r.id', 'i.recordId')
      .select(['r.id', 'r.title', 'r.authorsJson', 'r.year', 'r.journal', 'r.doi', 'i.status', 'i.finalDecision', 'i.finalReasonId'])
      .where('i.reviewId', '=', reviewId)
      .where('i.stage', '=', 'full_text')
      .where('i.active', '=', 1)
      .where('r.duplicateOf', 'is', null)
      .where((eb) => eb.or([eb.and([eb('i.status', '=', 'decided'), eb('i.outcome', '=', 'exclude')]), eb('i.status', '=', 'not_retrieved')]))
      .execute(),
    fullTextReasonRule(db, reviewId),
    readBoxes(db, reviewId),
  ]);
  const report = (row: (typeof items)[number]): CitedReport => ({ id: row.id, title: row.title, authors: textList(row.authorsJson), year: row.year, journal: row.journal, doi: row.doi });
  const excluded = items
    .filter((row) => row.status === 'decided')
    .map((row) => {
      const reasonId = rule.reasonOf({ recordId: row.id, finalDecision: row.finalDecision, finalReasonId: row.finalReasonId });
      return {
        report: report(row),
        reason: rule.text(reasonId),
        rank: rule.rank(reasonId),
        otherReasons: rule.given(row.id).filter((id) => id !== reasonId).map(rule.text),
      };
    });
  const outside = { excluded: boxes.otherExcluded, notRetrieved: boxes.counts.other_notretrieved_not_imported };
  return excludedTable(excluded, items.filter((row) => row.status === 'not_retrieved').map(report), outside);
}

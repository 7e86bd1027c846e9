/**
 * Included and coded *studies* from the report counters (src/reviews/stage-counters.ts counts
 * reports: `ft_included`, `studies_coded`), corrected by the few reports grouped into multi-report
 * studies: the dashboard keeps reading counters, not counting every included record per request.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { multiReportStudies } from '../dedup/study-reports.js';
import { includedNotImported, readBoxes } from '../prisma/prisma-boxes.js';
import type { Counters } from '../reviews/stage-counters.js';
import { includedReportIdsQuery } from './included-studies.js';

export interface StudyCounts {
  /** Included studies with a record in Coreview. */
  included: number;
  coded: number;
  /** Studies included via other methods, typed on the PRISMA page with no record: PRISMA counts them too. */
  notImported: number;
}

export async function studyCounts(db: Kysely<Database>, reviewId: number, counters: Pick<Counters, 'ft_included' | 'studies_coded'>): Promise<StudyCounts> {
  const [studies, boxes] = await Promise.all([multiReportStudies(db, reviewId), readBoxes(db, reviewId)]);
  const notImported = includedNotImported(boxes);
  const grouped = studies.flat();
  if (grouped.length === 0) return { included: counters.ft_included, coded: counters.studies_coded, notImported };
  const [included, coded] = await Promise.all([
    includedReportIdsQuery(db, reviewId).where('recordId', 'in', grouped).execute(),
    db.selectFrom('studyCode').select('recordId').where('recordId', 'in', grouped).union(db.selectFrom('excerpt').select('recordId').where('recordId', 'in', grouped)).execute(),
  ]);
  const isIncluded = new Set(included.map((r) => r.recordId));
  const isCoded = new Set(coded.map((r) => r.recordId));
  // Each study's included reports count once, and once as coded when any of them is.
  let extraIncluded = 0;
  let extraCoded = 0;
  for (const reports of studies) {
    const inStudy = reports.filter((id) => isIncluded.has(id));
    extraIncluded += Math.max(0, inStudy.length - 1);
    extraCoded += Math.max(0, inStudy.filter((id) => isCoded.has(id)).length - 1);
  }
  return { included: counters.ft_included - extraIncluded, coded: counters.studies_coded - extraCoded, notImported };
}

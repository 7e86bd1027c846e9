/**
 * The coding the synthesis reads, for every included study at once: lean on purpose. The coding
 * page's read (codingOfIncludedStudies) carries who edited what and when, which the synthesis never
 * shows; at 2,000 studies and 20,000 excerpts this read takes ~45 ms against ~180 ms, and the
 * synthesis reads it anew after every change (synthesis-cache.ts). Three queries over the review,
 * each excerpt's codes gathered by SQLite, and what belongs to no included report left out.
 */
import { commaSeparated } from '../db/json-sql.js';
import { sql, type Kysely } from 'kysely';
import type { CodedExcerpt, StudyReports } from '../coding/coding-queries.js';
import type { Database } from '../db/schema.js';
import { studyIdsByReport } from '../studies/included-studies.js';
import type { SynthesisExcerpt } from './synthesis-data.js';

export interface StudyCodingForSynthesis {
  codeIds: number[];
  excerpts: SynthesisExcerpt[];
  /** The lead report's memo first, then the other reports' (written before a grouping). */
  memos: string[];
}

type ExcerptRow = Pick<CodedExcerpt, 'id' | 'recordId' | 'text' | 'location' | 'memo' | 'language' | 'translation' | 'translator'> & {
  coder: string | null;
  /** The excerpt's code ids, comma-separated; null without codes. */
  codes: string | null;
};

export async function synthesisCoding(db: Kysely<Database>, reviewId: number, studies: readonly StudyReports[]): Promise<Map<number, StudyCodingForSynthesis>> {
  const studyOf = studyIdsByReport(studies);
  const result = new Map<number, StudyCodingForSynthesis>(studies.map((study) => [study.id, { codeIds: [], excerpts: [], memos: [] }]));
  const [codes, excerpts, memos] = await Promise.all([
    db.selectFrom('studyCode').select(['recordId', 'codeId']).where('reviewId', '=', reviewId).orderBy('codeId').execute(),
    // Written out, and read without the camel-case plugin: mapping 20,000 rows' keys took longer than the query.
    sql<ExcerptRow>`
      select e.id, e.record_id as "recordId", e.text, e.location, e.memo, e.language, e.translation, e.translator, a.name as coder,
        (select ${commaSeparated(db, sql`code_id`)} from excerpt_code where excerpt_id = e.id) as codes
      from excerpt e left join account a on a.id = e.created_by
      where e.review_id = ${reviewId}
      order by e.id`
      .execute(db.withoutPlugins())
      .then((result) => result.rows),
    db.selectFrom('studyMemo').select(['recordId', 'text']).where('reviewId', '=', reviewId).where('text', '!=', '').orderBy('recordId').execute(),
  ]);
  for (const row of codes) {
    const study = result.get(studyOf.get(row.recordId) ?? -1);
    if (study && !study.codeIds.includes(row.codeId)) study.codeIds.push(row.codeId);
  }
  for (const row of excerpts) {
    const study = result.get(studyOf.get(row.recordId) ?? -1);
    if (!study) continue;
    const codeIds = row.codes === null ? [] : row.codes.split(',').map(Number).sort((a, b) => a - b);
    study.excerpts.push({ id: row.id, reportId: row.recordId, text: row.text, location: row.location, memo: row.memo, language: row.language, translation: row.translation, translator: row.translator, codeIds, coder: row.coder });
  }
  for (const row of memos) {
    const studyId = studyOf.get(row.recordId);
    const study = result.get(studyId ?? -1);
    if (!study) continue;
    if (row.recordId === studyId) study.memos.unshift(row.text);
    else study.memos.push(row.text);
  }
  for (const study of result.values()) study.codeIds.sort((a, b) => a - b);
  return result;
}

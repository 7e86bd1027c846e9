/**
 * Reading the coders' passes over a study (double coding), never mixed with the agreed coding that
 * src/coding/coding-queries.ts reads. Passes are written to the study's lead report and read over
 * all of its reports, like the rest of its coding.
 *
 * ```ts
 * const passes = await passesOfStudy(db, reviewId, study);        // full content, first started first
 * const sets = await passCodeSets(db, reviewId, studies);          // per study: each pass's applied codes
 * ```
 */
import type { Kysely } from 'kysely';
import type { CodedExcerpt, IncludedStudyCoding, StudyReports } from '../coding/coding-queries.js';
import type { Database } from '../db/schema.js';
import type { CodingMode } from './double-coding-tables.js';
import { studyIdsByReport } from '../studies/included-studies.js';

export interface PassExcerpt extends CodedExcerpt {
  /** The agreed excerpt it became when taken into the consensus, null while not taken. */
  takenExcerptId: number | null;
}

export interface CodingPass {
  coderId: number;
  coderName: string;
  /** The report the pass is written to. */
  recordId: number;
  startedAt: string;
  finishedAt: string | null;
  /** The pass's codes and excerpts in the agreed coding's shape (so the coding page shows it); no memo. */
  coding: Omit<IncludedStudyCoding, 'excerpts'> & { excerpts: PassExcerpt[] };
}

export async function codingMode(db: Kysely<Database>, reviewId: number): Promise<CodingMode> {
  const row = await db.selectFrom('codingSetting').select('mode').where('reviewId', '=', reviewId).executeTakeFirst();
  return row?.mode ?? 'shared';
}

/** The passes of one study, in the order they were started, with their codes and excerpts. */
export async function passesOfStudy(db: Kysely<Database>, reviewId: number, study: StudyReports): Promise<CodingPass[]> {
  const reports = study.reports.map((r) => r.id);
  const passes = await db
    .selectFrom('codingPass as p')
    .innerJoin('account as a', 'a.id', 'p.coderId')
    .select(['p.coderId', 'a.name as coderName', 'p.recordId', 'p.startedAt', 'p.finishedAt'])
    .where('p.reviewId', '=', reviewId)
    .where('p.recordId', 'in', reports)
    .orderBy('p.startedAt')
    .orderBy('p.coderId')
    .execute();
  if (passes.length === 0) return [];
  const [studyCodes, excerpts, excerptCodes] = await Promise.all([
    db.selectFrom('passStudyCode').select(['recordId', 'coderId', 'codeId']).where('reviewId', '=', reviewId).where('recordId', 'in', reports).orderBy('codeId').execute(),
    db.selectFrom('passExcerpt').selectAll().where('reviewId', '=', reviewId).where('recordId', 'in', reports).orderBy('id').execute(),
    db
      .selectFrom('passExcerptCode as c')
      .innerJoin('passExcerpt as e', 'e.id', 'c.passExcerptId')
      .select(['c.passExcerptId', 'c.codeId'])
      .where('e.reviewId', '=', reviewId)
      .where('e.recordId', 'in', reports)
      .orderBy('c.codeId')
      .execute(),
  ]);
  const codesOf = new Map<number, number[]>();
  for (const row of excerptCodes) codesOf.set(row.passExcerptId, [...(codesOf.get(row.passExcerptId) ?? []), row.codeId]);
  return passes.map((pass) => {
    const mine = (row: { recordId: number; coderId: number }) => row.recordId === pass.recordId && row.coderId === pass.coderId;
    return {
      ...pass,
      coding: {
        recordId: pass.recordId,
        codeIds: studyCodes.filter(mine).map((row) => row.codeId),
        excerpts: excerpts.filter(mine).map((e) => ({
          id: e.id, recordId: e.recordId, text: e.text, location: e.location, memo: e.memo, language: e.language, translation: e.translation, translator: e.translator,
          codeIds: codesOf.get(e.id) ?? [],
          createdBy: pass.coderId, createdByName: pass.coderName, createdAt: e.createdAt, updatedBy: pass.coderId, updatedByName: pass.coderName, updatedAt: e.createdAt,
          takenExcerptId: e.takenExcerptId,
        })),
        memo: '', memoUpdatedByName: null, memoUpdatedAt: null, reportMemos: [],
      },
    };
  });
}

/** Where a study's double coding stands, as the overview shows it: no content, only who and when. */
export interface PassState {
  coderId: number;
  coderName: string;
  finished: boolean;
  /** Every code the coder applied, to the study or to any excerpt. */
  applied: Set<number>;
}

/** Per study id: its passes (with the codes each applied) and whether its consensus is complete. Four review-wide queries. */
export async function passCodeSets(db: Kysely<Database>, reviewId: number, studies: readonly StudyReports[]): Promise<Map<number, { passes: PassState[]; consensusComplete: boolean }>> {
  const studyOf = studyIdsByReport(studies);
  const [passes, studyCodes, excerptCodes, consensus] = await Promise.all([
    db.selectFrom('codingPass as p').innerJoin('account as a', 'a.id', 'p.coderId').select(['p.recordId', 'p.coderId', 'a.name as coderName', 'p.finishedAt']).where('p.reviewId', '=', reviewId).orderBy('p.startedAt').orderBy('p.coderId').execute(),
    db.selectFrom('passStudyCode').select(['recordId', 'coderId', 'codeId']).where('reviewId', '=', reviewId).execute(),
    db.selectFrom('passExcerptCode as c').innerJoin('passExcerpt as e', 'e.id', 'c.passExcerptId').select(['e.recordId', 'e.coderId', 'c.codeId']).where('e.reviewId', '=', reviewId).execute(),
    db.selectFrom('codingConsensus').select('recordId').where('reviewId', '=', reviewId).execute(),
  ]);
  const result = new Map(studies.map((s) => [s.id, { passes: [] as PassState[], consensusComplete: false }]));
  const byPass = new Map<string, PassState>();
  for (const pass of passes) {
    const entry = result.get(studyOf.get(pass.recordId) ?? -1);
    if (!entry) continue;
    const state = { coderId: pass.coderId, coderName: pass.coderName, finished: pass.finishedAt !== null, applied: new Set<number>() };
    entry.passes.push(state);
    byPass.set(`${pass.recordId}:${pass.coderId}`, state);
  }
  for (const row of [...studyCodes, ...excerptCodes]) byPass.get(`${row.recordId}:${row.coderId}`)?.applied.add(row.codeId);
  for (const row of consensus) {
    const entry = result.get(studyOf.get(row.recordId) ?? -1);
    if (entry) entry.consensusComplete = true;
  }
  return result;
}

/** Whether both passes of a study are finished (one flag per pass): the point where the coders may see each other's. */
export const bothFinished = (finished: readonly boolean[]) => finished.length === 2 && finished.every(Boolean);

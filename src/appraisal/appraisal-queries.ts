/**
 * Reading appraisal: the review's setting and custom instrument, each study's appraisals and
 * consensus, and the summaries the synthesis shows. Rows are read over the whole review and mapped
 * from the report they were written to onto its study, so regrouping reports never hides any.
 *
 * ```ts
 * const studies = await includedStudies(db, reviewId);
 * const summaries = await appraisalSummaries(db, reviewId, studies);
 * summaries.get(studies[0].id); // { instrument: 'casp-qualitative', status: 'complete', overall: 'high', … }
 * ```
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { studyIdsByReport, type IncludedStudy } from '../studies/included-studies.js';
import { STATUS_LABELS, studyStatus, type AnswerValue, type AppraisalStatus } from './appraisal-rules.js';
import type { CustomInstrumentValue } from './instruments/custom-instrument.js';
import { labelOf, questionsFor, type Choice, type Instrument, type Question } from './instruments/instrument-model.js';
import { DEFAULT_INSTRUMENT, instrumentFor } from './instruments/instrument-registry.js';

export interface AppraisalSetting {
  instrument: string;
  appraisers: 1 | 2;
}

export interface AppraisalRow {
  recordId: number;
  appraiserId: number;
  appraiserName: string;
  instrument: string;
  category: string;
  answers: Record<string, AnswerValue>;
  overall: string;
  note: string;
  finished: boolean;
  updatedAt: string;
}

export interface ConsensusRow {
  recordId: number;
  instrument: string;
  category: string;
  answers: Record<string, AnswerValue>;
  overall: string;
  note: string;
  decidedBy: string;
  decidedAt: string;
}

export interface StudyAppraisals {
  /** One per appraiser (their latest, should a regrouping have brought two together), oldest first. */
  appraisals: AppraisalRow[];
  consensus: ConsensusRow | null;
}

export async function appraisalSetting(db: Kysely<Database>, reviewId: number): Promise<AppraisalSetting> {
  const row = await db.selectFrom('appraisalSetting').select(['instrument', 'appraisers']).where('reviewId', '=', reviewId).executeTakeFirst();
  return { instrument: row?.instrument ?? DEFAULT_INSTRUMENT, appraisers: row?.appraisers === 2 ? 2 : 1 };
}

function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export async function customInstrumentOf(db: Kysely<Database>, reviewId: number): Promise<CustomInstrumentValue | null> {
  const row = await db.selectFrom('appraisalCustomInstrument').select(['name', 'questionsJson', 'answersJson']).where('reviewId', '=', reviewId).executeTakeFirst();
  if (!row) return null;
  return { name: row.name, questions: parseJson<Question[]>(row.questionsJson, []), answers: parseJson<Choice[]>(row.answersJson, []) };
}

/** Each study's appraisals and consensus, by study id (every study present, empty when not appraised). */
export async function appraisalsOfStudies(db: Kysely<Database>, reviewId: number, studies: readonly IncludedStudy[]): Promise<Map<number, StudyAppraisals>> {
  const studyOf = studyIdsByReport(studies);
  const result = new Map<number, StudyAppraisals>(studies.map((study) => [study.id, { appraisals: [], consensus: null }]));
  const [rows, consensus] = await Promise.all([
    db
      .selectFrom('studyAppraisal as a')
      .innerJoin('account as p', 'p.id', 'a.appraiserId')
      .select(['a.recordId', 'a.appraiserId', 'p.name', 'a.instrument', 'a.category', 'a.answersJson', 'a.overall', 'a.note', 'a.finishedAt', 'a.updatedAt'])
      .where('a.reviewId', '=', reviewId)
      .orderBy('a.updatedAt')
      .execute(),
    db
      .selectFrom('appraisalConsensus as c')
      .leftJoin('account as p', 'p.id', 'c.decidedBy')
      .select(['c.recordId', 'c.instrument', 'c.category', 'c.answersJson', 'c.overall', 'c.note', 'p.name', 'c.decidedAt'])
      .where('c.reviewId', '=', reviewId)
      .orderBy('c.decidedAt')
      .execute(),
  ]);
  for (const row of rows) {
    const study = studyOf.get(row.recordId);
    if (study === undefined) continue;
    const entry = result.get(study)!;
    const value: AppraisalRow = {
      recordId: row.recordId,
      appraiserId: row.appraiserId,
      appraiserName: row.name,
      instrument: row.instrument,
      category: row.category,
      answers: parseJson(row.answersJson, {}),
      overall: row.overall,
      note: row.note,
      finished: row.finishedAt !== null,
      updatedAt: row.updatedAt,
    };
    // Ordered by updatedAt: a later row of the same appraiser replaces an earlier one.
    const earlier = entry.appraisals.findIndex((a) => a.appraiserId === row.appraiserId);
    if (earlier >= 0) entry.appraisals[earlier] = value;
    else entry.appraisals.push(value);
  }
  for (const row of consensus) {
    const study = studyOf.get(row.recordId);
    if (study === undefined) continue;
    result.get(study)!.consensus = {
      recordId: row.recordId,
      instrument: row.instrument,
      category: row.category,
      answers: parseJson(row.answersJson, {}),
      overall: row.overall,
      note: row.note,
      decidedBy: row.name ?? 'a former member',
      decidedAt: row.decidedAt,
    };
  }
  return result;
}

/** The instrument a study is appraised with: the one its appraisals used, else the review's. */
export function studyInstrumentKey(state: StudyAppraisals, setting: AppraisalSetting): string {
  return state.consensus?.instrument ?? state.appraisals[0]?.instrument ?? setting.instrument;
}

export interface AppraisalAnswer {
  questionId: string;
  question: string;
  answer: string;
  answerLabel: string;
  comment: string;
}

/** What the synthesis shows of a study's appraisal. */
export interface AppraisalSummary {
  /** Instrument key ('casp-qualitative', 'mmat-2018', 'jbi-qualitative', 'custom'). */
  instrument: string;
  instrumentName: string;
  status: AppraisalStatus;
  /** The final overall judgement's key ('high', 'moderate', 'low'; JBI: 'include', 'exclude', 'seek'), null until complete. */
  overall: string | null;
  overallLabel: string | null;
  /** MMAT's category key, null for other instruments or until complete. */
  category: string | null;
  /** The final answers (consensus, or the single appraiser's) in the instrument's order; [] until complete. */
  answers: AppraisalAnswer[];
  note: string;
}

/** "High (CASP Qualitative Studies Checklist)" once complete, else "Not yet appraised (in progress)". */
export function appraisalText(summary: Pick<AppraisalSummary, 'status' | 'overallLabel' | 'instrumentName'> | undefined): string {
  if (!summary || summary.status === 'not_started') return 'Not yet appraised';
  if (summary.status === 'complete' && summary.overallLabel !== null) return `${summary.overallLabel} (${summary.instrumentName})`;
  return `Not yet appraised (${STATUS_LABELS[summary.status].toLowerCase()})`;
}

/** The final answers of a complete appraisal, in question order. */
export function finalAnswers(instrument: Instrument | null, category: string, answers: Record<string, AnswerValue>): AppraisalAnswer[] {
  if (!instrument) return [];
  return questionsFor(instrument, category)
    .filter((q) => answers[q.id]?.answer)
    .map((q) => ({ questionId: q.id, question: q.text, answer: answers[q.id]!.answer, answerLabel: labelOf(instrument.answers, answers[q.id]!.answer) ?? answers[q.id]!.answer, comment: answers[q.id]!.comment }));
}

/**
 * Each included study's appraisal as the synthesis shows it (a matrix column, a sensitivity
 * filter): only final results — a consensus, or a single appraiser's finished appraisal — so
 * nothing blind double appraisal hides shows through.
 */
export async function appraisalSummaries(db: Kysely<Database>, reviewId: number, studies: readonly IncludedStudy[]): Promise<Map<number, AppraisalSummary>> {
  const [setting, custom, states] = await Promise.all([appraisalSetting(db, reviewId), customInstrumentOf(db, reviewId), appraisalsOfStudies(db, reviewId, studies)]);
  const summaries = new Map<number, AppraisalSummary>();
  for (const [studyId, state] of states) summaries.set(studyId, summarise(state, setting, custom));
  return summaries;
}

/** The final appraisal of a study, when there is one: its consensus, else (one appraiser) the first finished. */
export function finalAppraisal(state: StudyAppraisals, setting: AppraisalSetting): { category: string; answers: Record<string, AnswerValue>; overall: string; note: string } | null {
  const status = studyStatus(setting.appraisers, state.appraisals, state.consensus !== null);
  if (status !== 'complete') return null;
  return state.consensus ?? state.appraisals.find((a) => a.finished) ?? null;
}

export function summarise(state: StudyAppraisals, setting: AppraisalSetting, custom: CustomInstrumentValue | null): AppraisalSummary {
  const key = studyInstrumentKey(state, setting);
  const instrument = instrumentFor(key, custom);
  const status = studyStatus(setting.appraisers, state.appraisals, state.consensus !== null);
  const final = finalAppraisal(state, setting);
  return {
    instrument: key,
    instrumentName: instrument?.name ?? key,
    status,
    overall: final ? final.overall : null,
    overallLabel: final && instrument ? labelOf(instrument.overall, final.overall) : null,
    category: final && final.category !== '' ? final.category : null,
    answers: final ? finalAnswers(instrument, final.category, final.answers) : [],
    note: final?.note ?? '',
  };
}

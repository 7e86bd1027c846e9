/**
 * Reading the review findings with their CERQual assessment, in their order. Contributing studies
 * are stored by the lead report they had when written and read through the included studies given
 * (src/studies/included-studies.ts): a stored report maps to the study it belongs to now, so reports
 * grouped or separated later still count once, under their current study.
 *
 * ```ts
 * const studies = await includedStudies(db, reviewId);
 * const findings = await reviewFindings(db, reviewId, studies);
 * findings[0].assessment.confidence; // 'moderate'
 * soqfRows(findings, studies)[0].studies; // 'Maruna and Farrall (2004); Weaver (2016)'
 * ```
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { studyIdsByReport, type IncludedStudy } from '../studies/included-studies.js';
import { COMPONENT_LABEL, COMPONENTS, CONCERN_LABEL, confidenceText, type CerqualAssessment, type Component } from './cerqual.js';

export interface ReviewFinding {
  id: number;
  /** 1, 2, 3… in the table's order. */
  number: number;
  statement: string;
  theme: { id: number; name: string } | null;
  /** Current included studies' ids (lead report ids), in the studies' order. */
  studyIds: number[];
  /** Stored reports that are no longer among the included studies (excluded since). */
  notIncluded: number[];
  excerptIds: number[];
  assessment: CerqualAssessment;
  updatedAt: string;
}

/** Which current studies the stored report ids are, in the studies' order, and which are not included any more. */
export function studiesOfReports(reportIds: Iterable<number>, studies: readonly IncludedStudy[]): { studyIds: number[]; notIncluded: number[] } {
  const studyOf = studyIdsByReport(studies);
  const found = new Set<number>();
  const notIncluded: number[] = [];
  for (const id of reportIds) {
    const study = studyOf.get(id);
    if (study === undefined) notIncluded.push(id);
    else found.add(study);
  }
  return { studyIds: studies.filter((s) => found.has(s.id)).map((s) => s.id), notIncluded: notIncluded.sort((a, b) => a - b) };
}

const EXPLANATION_COLUMN = {
  methodologicalLimitations: 'methodologicalLimitationsExplanation',
  coherence: 'coherenceExplanation',
  adequacy: 'adequacyExplanation',
  relevance: 'relevanceExplanation',
} as const satisfies Record<Component, string>;

/** The review's findings in order, each with its assessment and contributing studies. */
export async function reviewFindings(db: Kysely<Database>, reviewId: number, studies: readonly IncludedStudy[]): Promise<ReviewFinding[]> {
  const [rows, studyLinks, excerptLinks] = await Promise.all([
    db
      .selectFrom('reviewFinding as f')
      .leftJoin('code as c', 'c.id', 'f.codeId')
      .selectAll('f')
      .select('c.name as themeName')
      .where('f.reviewId', '=', reviewId)
      .orderBy('f.position')
      .orderBy('f.id')
      .execute(),
    db.selectFrom('reviewFindingStudy').select(['findingId', 'recordId']).where('reviewId', '=', reviewId).execute(),
    db.selectFrom('reviewFindingExcerpt').select(['findingId', 'excerptId']).where('reviewId', '=', reviewId).orderBy('excerptId').execute(),
  ]);
  const group = <T>(links: readonly T[], key: (l: T) => number, value: (l: T) => number) => {
    const map = new Map<number, number[]>();
    for (const link of links) {
      const list = map.get(key(link));
      if (list) list.push(value(link));
      else map.set(key(link), [value(link)]);
    }
    return map;
  };
  const reportsOf = group(studyLinks, (l) => l.findingId, (l) => l.recordId);
  const excerptsOf = group(excerptLinks, (l) => l.findingId, (l) => l.excerptId);
  return rows.map((row, index) => {
    const components = Object.fromEntries(COMPONENTS.map((c) => [c, { concern: row[c], explanation: row[EXPLANATION_COLUMN[c]] }])) as CerqualAssessment['components'];
    return {
      id: row.id,
      number: index + 1,
      statement: row.statement,
      theme: row.codeId !== null && row.themeName !== null ? { id: row.codeId, name: row.themeName } : null,
      ...studiesOfReports(reportsOf.get(row.id) ?? [], studies),
      excerptIds: excerptsOf.get(row.id) ?? [],
      assessment: { components, confidence: row.confidence, explanation: row.confidenceExplanation },
      updatedAt: row.updatedAt,
    };
  });
}

/** A row of the Summary of Qualitative Findings table (the CERQual template's columns). */
export interface SoqfRow {
  number: number;
  finding: string;
  studies: string;
  confidence: string;
  explanation: string;
}

export const SOQF_HEADINGS = ['#', 'Summary of review finding', 'Studies contributing to the review finding', 'CERQual assessment of confidence', 'Explanation of CERQual assessment'] as const;

/** The SoQF rows: studies as their "Author (Year)" labels, separated by semicolons. */
export function soqfRows(findings: readonly ReviewFinding[], studies: readonly IncludedStudy[]): SoqfRow[] {
  const label = new Map(studies.map((s) => [s.id, s.label]));
  return findings.map((f) => ({
    number: f.number,
    finding: f.statement,
    studies: f.studyIds.map((id) => label.get(id)!).join('; '),
    confidence: confidenceText(f.assessment.confidence),
    explanation: f.assessment.explanation,
  }));
}

/** A row of the CERQual Evidence Profile: the SoQF row with each component's judgement ("Minor concerns\n<why>"). */
export interface EvidenceProfileRow extends SoqfRow {
  components: string[];
}

export const EVIDENCE_PROFILE_HEADINGS = ['#', 'Summary of review finding', 'Studies contributing to the review finding', ...COMPONENTS.map((c) => COMPONENT_LABEL[c]), 'CERQual assessment of confidence', 'Explanation of CERQual assessment'] as const;

export function evidenceProfileRows(findings: readonly ReviewFinding[], studies: readonly IncludedStudy[]): EvidenceProfileRow[] {
  return soqfRows(findings, studies).map((row, i) => ({
    ...row,
    components: COMPONENTS.map((c) => {
      const { concern, explanation } = findings[i]!.assessment.components[c];
      return concern === null ? 'Not assessed yet' : explanation === '' ? CONCERN_LABEL[concern] : `${CONCERN_LABEL[concern]}\n${explanation}`;
    }),
  }));
}

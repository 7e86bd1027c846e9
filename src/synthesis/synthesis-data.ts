/**
 * Everything the synthesis works from, read once per request (synthesis-loader.ts): the codebook,
 * the extraction form and the included studies with their coding and extraction. The matrix, the
 * pivot, the evidence summaries, the chapter skeleton and every export are pure functions of it.
 */
import type { CodeNode } from '../coding/coding-queries.js';
import type { ExtractionKind } from '../db/schema.js';
import type { IncludedReport } from '../studies/included-studies.js';

/** A code as the coding feature reads it (coding-queries.ts), with its children as ids. */
export type SynthesisCode = Omit<CodeNode, 'children'> & {
  /** Direct children's ids, in codebook order. */
  childIds: number[];
};

export interface SynthesisExcerpt {
  id: number;
  /** The report (record) it is quoted from: a study may have several. */
  reportId: number;
  /** As quoted, in its own language. */
  text: string;
  /** BCP 47 tag of `text`'s language; '' for the review's own (src/coding/excerpt-language.ts). */
  language: string;
  /** `text` in the review's language, '' when none; the chapter quotes it with the original in a note. */
  translation: string;
  translator: string;
  /** Page or location as the coder wrote it ("p. 12"), '' when none. */
  location: string;
  memo: string;
  codeIds: number[];
  coder: string | null;
}

export interface SynthesisField {
  id: number;
  label: string;
  kind: ExtractionKind;
  choices: string[];
}

export interface SynthesisStudy {
  /** The study's id: its lead report's record id (src/studies/included-studies.ts). */
  id: number;
  /** Its included reports, the citing one first. */
  reports: IncludedReport[];
  /** "Author (Year)", unique in the review. */
  label: string;
  title: string;
  authors: string[];
  year: number | null;
  journal: string;
  doi: string | null;
  /** Codes applied to the study as a whole. */
  codeIds: number[];
  excerpts: SynthesisExcerpt[];
  memo: string;
  /** Display text of each extraction value, by field id (absent: no value). */
  fields: Map<number, string>;
  extraction: 'not_started' | 'in_progress' | 'complete';
  /** The study's quality appraisal as the synthesis shows it (src/appraisal): final judgement only. */
  appraisal: StudyAppraisal;
}

export interface StudyAppraisal {
  /** The final overall judgement's key ('high', 'moderate', 'low'; JBI 'include'…), null until final. */
  overall: string | null;
  /** "High (CASP Qualitative Studies Checklist)", "Not yet appraised (in progress)". */
  text: string;
}

/** A sensitivity filter's value for studies with no final appraisal. */
export const NOT_APPRAISED = 'none';

export interface SynthesisData {
  reviewTitle: string;
  /** In codebook order (depth-first). */
  codes: SynthesisCode[];
  fields: SynthesisField[];
  /** Ordered by label. */
  studies: SynthesisStudy[];
}

/** Every code id at or below `codeId` (itself first), depth-first. */
export function codeAndDescendants(data: Pick<SynthesisData, 'codes'>, codeId: number): number[] {
  const byId = new Map(data.codes.map((c) => [c.id, c]));
  const out: number[] = [];
  const walk = (id: number) => {
    const code = byId.get(id);
    if (!code) return;
    out.push(id);
    for (const child of code.childIds) walk(child);
  };
  walk(codeId);
  return out;
}

/** Whether a study carries a code (or one of its sub-codes), applied to the study or to any of its excerpts. */
export function studyHasCode(study: SynthesisStudy, codeIds: ReadonlySet<number>): boolean {
  return study.codeIds.some((id) => codeIds.has(id)) || study.excerpts.some((e) => e.codeIds.some((id) => codeIds.has(id)));
}

/** The study's excerpts carrying a code (or one of its sub-codes). */
export function excerptsWithCode(study: SynthesisStudy, codeIds: ReadonlySet<number>): SynthesisExcerpt[] {
  return study.excerpts.filter((e) => e.codeIds.some((id) => codeIds.has(id)));
}

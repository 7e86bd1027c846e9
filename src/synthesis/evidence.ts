/**
 * Evidence per code: which studies carry it and the excerpts that show it (the evidence page). A
 * study carries a code when the code or one of its sub-codes is applied to the study as a whole or
 * to any of its excerpts (synthesis-data.ts); the excerpts listed are those carrying it themselves.
 * The chapter's sections, at the excerpt grain, are chapter-sections.ts.
 */
import { codeAndDescendants, type SynthesisCode, type SynthesisData, type SynthesisExcerpt, type SynthesisStudy } from './synthesis-data.js';

/** An excerpt with the codes at or below the summarised code (or theme) that it carries, in codebook order. */
export interface EvidenceExcerpt {
  excerpt: SynthesisExcerpt;
  /** Names, e.g. ["Hope"] for an excerpt coded with the sub-code Hope of the theme Identity. */
  codes: string[];
}

export interface EvidenceStudy {
  study: SynthesisStudy;
  /** The code (or a sub-code) is applied to the study as a whole, not only to excerpts. */
  studyLevel: boolean;
  /** The study's excerpts carrying the code or a sub-code, in the study's order. */
  excerpts: EvidenceExcerpt[];
}

export interface EvidenceSummary {
  code: SynthesisCode;
  /** Direct children, in codebook order. */
  subCodes: SynthesisCode[];
  /** The studies carrying the code, in the data's order (by label, as the matrix lists them). */
  studies: EvidenceStudy[];
  /** Excerpts over all those studies. */
  excerptCount: number;
}

/** The evidence for one code; null when the code is not in the codebook. */
export function evidenceSummary(data: SynthesisData, codeId: number): EvidenceSummary | null {
  const byId = new Map(data.codes.map((c) => [c.id, c]));
  const code = byId.get(codeId);
  if (!code) return null;
  const subtree = subtreeOrder(data, codeId);
  const studies: EvidenceStudy[] = [];
  let excerptCount = 0;
  for (const study of data.studies) {
    const studyLevel = study.codeIds.some((id) => subtree.has(id));
    const excerpts = evidenceExcerpts(study.excerpts, subtree, byId);
    if (!studyLevel && excerpts.length === 0) continue;
    studies.push({ study, studyLevel, excerpts });
    excerptCount += excerpts.length;
  }
  return { code, subCodes: code.childIds.flatMap((id) => byId.get(id) ?? []), studies, excerptCount };
}

/** The code's subtree as a set whose iteration order is codebook order (depth-first). */
function subtreeOrder(data: SynthesisData, codeId: number): Set<number> {
  return new Set(codeAndDescendants(data, codeId));
}

function evidenceExcerpts(excerpts: readonly SynthesisExcerpt[], subtree: ReadonlySet<number>, byId: ReadonlyMap<number, SynthesisCode>): EvidenceExcerpt[] {
  const out: EvidenceExcerpt[] = [];
  for (const excerpt of excerpts) {
    if (!excerpt.codeIds.some((id) => subtree.has(id))) continue;
    const codes: string[] = [];
    for (const id of subtree) if (excerpt.codeIds.includes(id)) codes.push(byId.get(id)!.name);
    out.push({ excerpt, codes });
  }
  return out;
}

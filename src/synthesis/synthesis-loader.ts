/**
 * Reads a review's synthesis data (synthesis-data.ts) in a fixed number of queries: the included
 * studies, the codebook, their coding and their extraction. Everything after this is pure.
 */
import type { Kysely } from 'kysely';
import { appraisalSummaries, appraisalText } from '../appraisal/appraisal-queries.js';
import { codebookTree, flattenCodebook } from '../coding/coding-queries.js';
import { synthesisCoding, type StudyCodingForSynthesis } from './synthesis-coding.js';
import type { Database } from '../db/schema.js';
import { extractionForm, extractionOfIncludedStudies } from '../extraction/extraction-queries.js';
import { includedStudies } from '../studies/included-studies.js';
import type { SynthesisData, SynthesisStudy } from './synthesis-data.js';

export async function loadSynthesis(db: Kysely<Database>, review: { id: number; title: string }): Promise<SynthesisData> {
  const [studies, tree, form] = await Promise.all([includedStudies(db, review.id), codebookTree(db, review.id), extractionForm(db, review.id)]);
  const [coding, extraction, appraisals] = await Promise.all([
    synthesisCoding(db, review.id, studies),
    extractionOfIncludedStudies(db, review.id, studies, form),
    appraisalSummaries(db, review.id, studies),
  ]);
  return {
    reviewTitle: review.title,
    codes: flattenCodebook(tree).map(({ children, ...node }) => ({ ...node, childIds: children.map((c) => c.id) })),
    fields: form.map((f) => ({ id: f.id, label: f.label, kind: f.kind, choices: f.choices })),
    studies: studies.map((study) => {
      const extracted = extraction.get(study.id)!;
      return {
        ...study,
        ...codingFields(coding.get(study.id)!),
        fields: new Map([...extracted.values].map(([fieldId, value]) => [fieldId, value.display])),
        extraction: extracted.status,
        appraisal: { overall: appraisals.get(study.id)?.overall ?? null, text: appraisalText(appraisals.get(study.id)) },
      };
    }),
  };
}

function codingFields(coded: StudyCodingForSynthesis): Pick<SynthesisStudy, 'codeIds' | 'excerpts' | 'memo'> {
  return { codeIds: coded.codeIds, excerpts: coded.excerpts, memo: coded.memos.join('\n\n') };
}

/** The same data with its coding read anew: when only coding changed (synthesis-cache.ts). */
export async function withFreshCoding(db: Kysely<Database>, reviewId: number, data: SynthesisData): Promise<SynthesisData> {
  const coding = await synthesisCoding(db, reviewId, data.studies);
  return { ...data, studies: data.studies.map((study) => ({ ...study, ...codingFields(coding.get(study.id)!) })) };
}

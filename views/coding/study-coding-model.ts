/** What the study coding page shows: the study, its coding, and the state of each region after a change. */
import type { CodeNode, IncludedStudyCoding } from '../../src/coding/coding-queries.js';
import type { FieldErrors } from '../../src/domain-errors.js';
import type { CreatingForm } from '../../src/http/form-token.js';
import type { PassPanelModel } from '../double-coding/pass-panel.js';
import type { CodeGroup } from './code-parts.js';
import type { StudyReportsModel } from './study-reports.js';

export interface ExcerptDraft {
  text: string;
  location: string;
  memo: string;
  /** As typed: a BCP 47 code, '' for the review's language. */
  language: string;
  translation: string;
  translator: string;
  codeIds: number[];
}

export const LANGUAGE_FIELDS = ['language', 'translation', 'translator'] as const;

export interface StudyCodingModel {
  /** /reviews/:slug/coding */
  base: string;
  /** /reviews/:slug/coding/studies/:id */
  studyBase: string;
  coloursHref: string;
  csrfToken: string;
  /** The form adding an excerpt, with its one-time token. */
  addExcerpt: CreatingForm;
  study: {
    id: number;
    label: string;
    title: string;
    authors: string[];
    year: number | null;
    journal: string;
    doi: string | null;
    abstract: string;
    recordHref: string;
  };
  reports: StudyReportsModel;
  nav: { index: number; total: number; previous: { id: number; label: string } | null; next: { id: number; label: string } | null };
  groups: CodeGroup[];
  codesById: Map<number, CodeNode>;
  coding: IncludedStudyCoding;
  codes?: { notice?: string; error?: string };
  excerpts?: {
    notice?: string;
    /** The add form after a refusal. */
    draft?: ExcerptDraft;
    errors?: FieldErrors;
    /** An excerpt whose edit was refused, shown with its form open. */
    editing?: { id: number; draft: ExcerptDraft; errors: FieldErrors };
  };
  memo?: { notice?: string; errors?: FieldErrors; draft?: string };
  /** A coder's own pass (double coding) shown instead of the agreed coding: no reports, no memo. */
  pass?: PassPanelModel;
  /** Double coding: the study's consensus page, beside its agreed coding. */
  consensusHref?: string;
}

/** A coder's pass that no longer changes (finished), or a study with no place left for them: shown, not edited. */
export const locked = (model: StudyCodingModel) => model.pass?.state === 'finished' || model.pass?.state === 'full';

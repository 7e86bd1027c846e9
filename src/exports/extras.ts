/**
 * What Coreview adds to an exported reference: where the record stands in each screening stage,
 * the individual decisions the viewer may see, the labels on those decisions, and the codes of the
 * codebook applied to the study. Pure: the rows are read by export-records.ts, which applies the
 * blind rule (visibility.ts) before anything lands here.
 *
 * The same lines travel in every format (RIS `N1`, BibTeX `annote`, CSL-JSON `note`), one line each,
 * always starting with "Coreview", so a person reading them in Zotero or EndNote knows where they
 * came from and a script can find them:
 *
 * ```
 * Coreview: title/abstract include; full text exclude (Wrong population)
 * Coreview labels: qualitative; UK
 * Coreview codes: Individual level > Agency; Systemic level
 * Coreview title/abstract decision by Rita Reviewer: include; labels: qualitative; note: Clearly in scope
 * ```
 */
import type { ScreeningChoice, Stage } from '../db/schema.js';

/** A stage's state as the viewer may know it: the team's outcome, a conflict, or a report not retrieved. */
export type StageState = ScreeningChoice | 'conflict' | 'not_retrieved';

export interface DecisionExtra {
  reviewer: string;
  decision: ScreeningChoice;
  reason: string | null;
  note: string;
  labels: string[];
}

export interface StageExtra {
  stage: Stage;
  /** Null when there is nothing the viewer may see (not decided yet, or blind). */
  state: StageState | null;
  /** The reason of an exclusion outcome: the final decision's, or the reviewers' (several when they differ). */
  reasons: string[];
  /** The viewer's own decision, and the others' where othersVisible allows; in account-name order. */
  decisions: DecisionExtra[];
}

export interface RecordExtras {
  /** Only the stages the record is in (no full-text entry before it reached full text). */
  stages: StageExtra[];
  /** Labels on the decisions shown, without repeats (ignoring case), sorted. */
  labels: string[];
  /** Codes applied to the study or to its excerpts, as "Group > Code", sorted. */
  codes: string[];
}

export const NO_EXTRAS: RecordExtras = Object.freeze({ stages: [], labels: [], codes: [] }) as RecordExtras;

const STAGE_WORDS: Record<Stage, string> = { title_abstract: 'title/abstract', full_text: 'full text' };
export const stageWords = (stage: Stage) => STAGE_WORDS[stage];

const STATE_WORDS: Record<StageState, string> = {
  include: 'include',
  maybe: 'maybe',
  exclude: 'exclude',
  conflict: 'conflict (no final decision yet)',
  not_retrieved: 'full text not retrieved',
};

/** "include", "exclude (Wrong population)", "conflict (no final decision yet)". */
export function stateText(stage: StageExtra): string | null {
  if (stage.state === null) return null;
  const reasons = stage.reasons.length > 0 ? ` (${stage.reasons.join('; ')})` : '';
  return STATE_WORDS[stage.state] + reasons;
}

/** "title/abstract include; full text exclude (Wrong population)", or null when no stage shows anything. */
export function outcomeSummary(extras: RecordExtras): string | null {
  const parts = extras.stages.flatMap((s) => {
    const text = stateText(s);
    return text === null ? [] : [s.state === 'not_retrieved' ? text : `${stageWords(s.stage)} ${text}`];
  });
  return parts.length > 0 ? parts.join('; ') : null;
}

/** "exclude (Wrong population); labels: a, b; note: ..." — one line, without the reviewer. */
export function decisionDetails(d: DecisionExtra): string {
  const parts = [`${d.decision}${d.reason ? ` (${d.reason})` : ''}`];
  if (d.labels.length > 0) parts.push(`labels: ${d.labels.join(', ')}`);
  if (d.note.trim() !== '') parts.push(`note: ${oneLine(d.note)}`);
  return parts.join('; ');
}

/** Every extra as lines of text for the note fields (see the module comment); [] when there is none. */
export function extrasLines(extras: RecordExtras): string[] {
  const lines: string[] = [];
  const summary = outcomeSummary(extras);
  if (summary !== null) lines.push(`Coreview: ${summary}`);
  if (extras.labels.length > 0) lines.push(`Coreview labels: ${extras.labels.join('; ')}`);
  if (extras.codes.length > 0) lines.push(`Coreview codes: ${extras.codes.join('; ')}`);
  for (const stage of extras.stages) {
    for (const d of stage.decisions) lines.push(`Coreview ${stageWords(stage.stage)} decision by ${d.reviewer}: ${decisionDetails(d)}`);
  }
  return lines.map(oneLine);
}

/** Whitespace runs (line breaks included) become one space. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

import type { ItemStatus, Stage } from '../db/schema.js';
import { stageLabel } from './stages.js';

/**
 * Blind screening, the one rule. In a blind stage, a reviewer who does not resolve its conflicts
 * sees their own decisions and nothing made of anyone else's: not another reviewer's decision on a
 * record, and no figure that counts them — the team's progress, conflicts, outcomes, agreement,
 * PRISMA's screening boxes, the records full text receives from title and abstract, the included
 * studies. Such a figure would change in the answer to their own decision (one more conflict, one
 * more done) and, with Undo, let them probe what the others decided. The team's results show once
 * an owner turns blind mode off for the stage; owners and the stage's arbiter see them throughout.
 *
 * Every page, list, count and export asks these functions.
 */

/** How one stage is screened, as far as one viewer is concerned. */
export interface StageAccess {
  blind: boolean;
  mayResolve: boolean;
}

export type ReviewAccess = Record<Stage, StageAccess>;

/**
 * Whether a viewer may see other reviewers' decisions on one record. Without blind mode, always. In
 * blind mode, only someone who resolves conflicts (an owner or the arbiter), and only once every
 * reviewer needed has decided (a conflict or a decided record): before that, not even an owner who
 * screens sees the others.
 */
export function othersVisible(viewer: { mayResolve: boolean }, blind: boolean, status: ItemStatus | null): boolean {
  if (!blind) return true;
  return viewer.mayResolve && (status === 'conflict' || status === 'decided');
}

/** Whether the team's results of this stage alone may be shown: not blind, or the viewer resolves. */
function teamVisible(access: StageAccess): boolean {
  return !access.blind || access.mayResolve;
}

/**
 * Whether the viewer sees which records a stage holds. Title and abstract: every record. Full text:
 * the records title and abstract included, an outcome, so only where that stage's results show.
 */
export function stageRecordsVisible(access: ReviewAccess, stage: Stage): boolean {
  return stage === 'title_abstract' || teamVisible(access.title_abstract);
}

/**
 * Whether the viewer sees a stage's results: the team's progress and conflicts, outcomes, agreement
 * and what is counted from them (PRISMA, the included studies after full text).
 */
export function stageResultsVisible(access: ReviewAccess, stage: Stage): boolean {
  return stageRecordsVisible(access, stage) && teamVisible(access[stage]);
}

/** Said wherever full text is closed to a viewer because title and abstract are blind to them. */
export const BLIND_TITLE_ABSTRACT =
  'Title and abstract screening is blind, and which records reach full text is its outcome: full text opens to you once an owner turns blind screening off.';

/** Said wherever a blind stage's team figures or results are left out for the viewer. Never a count. */
export function blindResults(stage: Stage): string {
  return `${stageLabel(stage)} screening is blind: the team’s progress, conflicts and results show once an owner turns blind screening off.`;
}

/** Why a stage's results are hidden from the viewer (a sentence, never a count), or null when they show. */
export function resultsHiddenBecause(access: ReviewAccess, stage: Stage): string | null {
  if (!stageRecordsVisible(access, stage)) return BLIND_TITLE_ABSTRACT;
  return stageResultsVisible(access, stage) ? null : blindResults(stage);
}

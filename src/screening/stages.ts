import type { ScreeningChoice, Stage } from '../db/schema.js';

export type { ScreeningChoice, Stage } from '../db/schema.js';

export const STAGES: readonly Stage[] = ['title_abstract', 'full_text'];
export const CHOICES: readonly ScreeningChoice[] = ['include', 'maybe', 'exclude'];

/** How a stage appears in URLs (/screen/title-abstract) and to people. */
const STAGE_INFO: Record<Stage, { path: string; label: string; reasonList: 'title_abstract' | 'full_text' }> = {
  title_abstract: { path: 'title-abstract', label: 'Title and abstract', reasonList: 'title_abstract' },
  full_text: { path: 'full-text', label: 'Full text', reasonList: 'full_text' },
};

export const stagePath = (stage: Stage) => STAGE_INFO[stage].path;
export const stageLabel = (stage: Stage) => STAGE_INFO[stage].label;
/** The exclusion-reason list a stage offers (reasons are kept per stage on the Protocol page). */
export const reasonListOf = (stage: Stage) => STAGE_INFO[stage].reasonList;

/** The stage a URL segment names, or null for anything else. */
export function stageFromPath(segment: unknown): Stage | null {
  return STAGES.find((stage) => STAGE_INFO[stage].path === segment) ?? null;
}

export const CHOICE_LABELS: Record<ScreeningChoice, string> = { include: 'Include', maybe: 'Maybe', exclude: 'Exclude' };

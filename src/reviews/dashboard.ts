import type { Stage } from '../db/schema.js';
import { stageLabel } from '../screening/stages.js';
import { stageResultsVisible, type ReviewAccess } from '../screening/visibility.js';
import type { StudyCounts } from '../studies/study-counts.js';
import type { Counters } from './stage-counters.js';

export type StageState = 'empty' | 'waiting' | 'active' | 'done';

export interface StageSummary {
  key: 'import' | 'duplicates' | 'screening' | 'fulltext' | 'coding' | 'synthesis' | 'prisma';
  label: string;
  /** The one number that says where the stage stands; null where blind screening hides it (`countLabel` says why). */
  count: number | null;
  countLabel: string;
  details: string[];
  state: StageState;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/**
 * The review's stages as the spine of the work, from counters alone (no per-request counting);
 * `studies` are the included and coded studies (reports grouped: src/studies/study-counts.ts).
 * A stage is `waiting` while the one before it has produced nothing for it. What blind screening
 * hides from the viewer (visibility.ts) is left out whole, with a sentence in place of the figures.
 */
export function summariseStages(c: Counters, access: ReviewAccess, studies: StudyCounts): StageSummary[] {
  return stageFigures(c, studies).map((stage) => {
    const blind = hiddenBy(stage.key, access);
    if (blind === null) return stage;
    const countLabel = `Hidden while ${stageLabel(blind).toLowerCase()} screening is blind.`;
    return { ...stage, count: null, countLabel, details: [], state: stage.key === 'screening' && c.records_imported > 0 ? 'active' : 'waiting' };
  });
}

/**
 * The blind stage that hides a card's figures from the viewer, or null when they show. Full text
 * counts title and abstract's outcome, and coding, synthesis and PRISMA the included studies.
 */
function hiddenBy(key: StageSummary['key'], access: ReviewAccess): Stage | null {
  const counted: Stage | null = key === 'screening' ? 'title_abstract' : key === 'import' || key === 'duplicates' ? null : 'full_text';
  if (counted === null || stageResultsVisible(access, counted)) return null;
  return stageResultsVisible(access, 'title_abstract') ? counted : 'title_abstract';
}

function stageFigures(c: Counters, studies: StudyCounts): StageSummary[] {
  const unique = c.records_imported - c.duplicates_marked;
  const taDecided = c.ta_screened;
  const ftDecided = c.ft_assessed + c.ft_not_retrieved;
  const state = (produced: number, input: number, finished: boolean): StageState =>
    input === 0 ? (produced === 0 ? 'waiting' : 'active') : finished ? 'done' : produced === 0 ? 'empty' : 'active';

  return [
    {
      key: 'import',
      label: 'Import',
      count: c.records_imported,
      countLabel: 'records',
      details: [plural(c.import_batches, 'search', 'searches') + ' imported'],
      state: c.records_imported === 0 ? 'empty' : 'active',
    },
    {
      key: 'duplicates',
      label: 'Duplicates',
      count: c.duplicates_marked,
      countLabel: 'removed',
      details: [plural(c.duplicates_pending, 'pair') + ' to check', plural(Math.max(unique, 0), 'unique record')],
      state: state(c.duplicates_marked, c.records_imported, c.records_imported > 0 && c.duplicates_pending === 0),
    },
    {
      key: 'screening',
      label: 'Screening',
      count: taDecided,
      countLabel: `of ${Math.max(unique, 0).toLocaleString('en-GB')} screened`,
      details: [`${plural(c.ta_included, 'record')} included`, `${plural(c.ta_maybe, 'maybe', 'maybes')}`, plural(c.ta_conflicts, 'conflict')],
      state: state(taDecided, unique, unique > 0 && taDecided >= unique && c.ta_conflicts === 0),
    },
    {
      key: 'fulltext',
      label: 'Full text',
      count: ftDecided,
      countLabel: `of ${c.ft_items.toLocaleString('en-GB')} reports assessed`,
      details: [`${plural(c.ft_included, 'report')} included`, `${plural(c.ft_not_retrieved, 'report')} not retrieved`, plural(c.ft_conflicts, 'conflict')],
      state: state(ftDecided, c.ft_items, c.ft_items > 0 && ftDecided >= c.ft_items && c.ft_conflicts === 0),
    },
    {
      key: 'coding',
      label: 'Coding',
      count: studies.coded,
      countLabel: `of ${plural(studies.included, 'study', 'studies')} coded`,
      details: [plural(c.excerpts, 'excerpt')],
      state: state(studies.coded, studies.included, studies.included > 0 && studies.coded >= studies.included),
    },
    {
      key: 'synthesis',
      label: 'Synthesis',
      count: studies.included,
      countLabel: 'studies in the matrix',
      details: ['Studies × themes, by level and jurisdiction'],
      state: studies.coded === 0 ? 'waiting' : 'active',
    },
    {
      key: 'prisma',
      label: 'PRISMA',
      count: studies.included + studies.notImported,
      countLabel: `${studies.included + studies.notImported === 1 ? 'study' : 'studies'} included`,
      details: [
        `${plural(c.records_imported, 'record')} identified`,
        ...(studies.included !== c.ft_included ? [plural(c.ft_included, 'included report')] : []),
        ...(studies.notImported > 0 ? [`${plural(studies.notImported, 'study', 'studies')} via other methods, not imported`] : []),
      ],
      state: c.records_imported === 0 ? 'waiting' : 'active',
    },
  ];
}

/**
 * Words the history uses for appraisal events (src/audit/audit-sentences.ts), from their payloads.
 * Draft and finished appraisals read without their answers: the history must not unblind them.
 */
import { labelOf, QUALITY_OVERALL } from './instruments/instrument-model.js';
import { instrumentFor } from './instruments/instrument-registry.js';

type Bag = Record<string, unknown>;
const text = (value: unknown) => (typeof value === 'string' ? value : '');

const instrumentName = (key: string) => (key === 'custom' ? 'the review’s custom instrument' : instrumentFor(key, null)?.name ?? key);

export const appraisalAuditText = {
  /** "set quality appraisal to the JBI Checklist for Qualitative Research, two appraisers per study" */
  settings: (after: Bag) => `set quality appraisal to ${instrumentName(text(after.instrument))}, ${after.appraisers === 2 ? 'two independent appraisers' : 'one appraiser'} per study`,
  instrument: (before: Bag, after: Bag) => {
    const questions = Array.isArray(after.questions) ? after.questions.length : 0;
    return `${before.name === undefined ? 'defined' : 'rewrote'} the custom appraisal instrument “${text(after.name)}” (${questions} ${questions === 1 ? 'question' : 'questions'})`;
  },
  /** ": High quality" — the consensus's overall judgement. */
  overall: (after: Bag) => {
    const label = labelOf(instrumentFor(text(after.instrument), null)?.overall ?? QUALITY_OVERALL, text(after.overall));
    return label === null ? '' : `: ${label}`;
  },
};

/**
 * The rules of one appraisal, pure: which answers an instrument accepts, what a finished appraisal
 * must hold, and where a study stands (single or double appraisal, consensus). The service applies
 * them inside its transactions; the pages use the same functions to show the state.
 */
import { ValidationError, type FieldErrors } from '../domain-errors.js';
import { allQuestions, questionsFor, type Instrument } from './instruments/instrument-model.js';

export const MAX_COMMENT = 2_000;
export const MAX_NOTE = 5_000;

export interface AnswerValue {
  answer: string;
  comment: string;
}

/** An appraisal as a form sends it or a row holds it: answers by question id. */
export interface AppraisalValue {
  category: string;
  answers: Record<string, AnswerValue>;
  overall: string;
  note: string;
}

/** Why an appraisal cannot be finished yet ([] when it can). */
export function missingForFinish(instrument: Instrument, value: AppraisalValue): string[] {
  const missing: string[] = [];
  if (instrument.categories && value.category === '') missing.push('Choose the study’s category.');
  const unanswered = questionsFor(instrument, value.category).filter((q) => !value.answers[q.id]?.answer);
  if (unanswered.length > 0) missing.push(`Answer ${unanswered.length === 1 ? 'question' : 'questions'} ${unanswered.map((q) => q.id).join(', ')}.`);
  if (value.overall === '') missing.push(`Choose the ${instrument.overallLabel.toLowerCase()}.`);
  return missing;
}

/**
 * The value checked against the instrument (every problem at once): known questions of the chosen
 * category, offered answers, lengths; when `finishing`, nothing missing. Returns it tidied, with
 * unanswered questions that carry no comment and other categories' criteria left out.
 */
export function checkAppraisal(instrument: Instrument, value: AppraisalValue, finishing: boolean): AppraisalValue {
  const errors: FieldErrors = {};
  const category = value.category.trim();
  if (instrument.categories) {
    if (category !== '' && !instrument.categories.some((c) => c.key === category)) errors.category = `“${category}” is not a category of the ${instrument.name}.`;
  } else if (category !== '') {
    errors.category = `The ${instrument.name} has no categories to choose from.`;
  }
  const known = new Set(allQuestions(instrument).map((q) => q.id));
  const inScope = new Set(questionsFor(instrument, errors.category ? '' : category).map((q) => q.id));
  const offered = instrument.answers.map((a) => a.key);
  const answers: Record<string, AnswerValue> = {};
  for (const [id, raw] of Object.entries(value.answers)) {
    const answer = raw.answer.trim();
    const comment = raw.comment.replace(/\r\n?/g, '\n').trim();
    if (!known.has(id)) {
      errors[`answer:${id}`] = `There is no question “${id.slice(0, 20)}” in the ${instrument.name}.`;
      continue;
    }
    if (answer === '' && comment === '') continue;
    // A criterion of another MMAT category: the category was changed, which clears the old one's.
    if (!inScope.has(id)) continue;
    if (answer !== '' && !offered.includes(answer)) {
      errors[`answer:${id}`] = `“${answer.slice(0, 20)}” is not an answer the ${instrument.name} offers for question ${id} (${instrument.answers.map((a) => a.label).join(', ')}).`;
    }
    if (comment.length > MAX_COMMENT) errors[`comment:${id}`] = `Keep the comment on question ${id} under ${MAX_COMMENT.toLocaleString('en-GB')} characters.`;
    answers[id] = { answer, comment };
  }
  const overall = value.overall.trim();
  if (overall !== '' && !instrument.overall.some((o) => o.key === overall)) {
    errors.overall = `“${overall.slice(0, 20)}” is not one of the ${instrument.overallLabel.toLowerCase()} options (${instrument.overall.map((o) => o.label).join(', ')}).`;
  }
  const note = value.note.replace(/\r\n?/g, '\n').trim();
  if (note.length > MAX_NOTE) errors.note = `Keep the note under ${MAX_NOTE.toLocaleString('en-GB')} characters.`;
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  const checked = { category, answers, overall, note };
  if (finishing) {
    const missing = missingForFinish(instrument, checked);
    if (missing.length > 0) throw new ValidationError({ finish: `Not finished yet: ${missing.join(' ')}` });
  }
  return checked;
}

export type AppraisalStatus = 'not_started' | 'in_progress' | 'awaiting_second' | 'awaiting_consensus' | 'complete';

export const STATUS_LABELS: Record<AppraisalStatus, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  awaiting_second: 'Waiting for the second appraiser',
  awaiting_consensus: 'Waiting for consensus',
  complete: 'Complete',
};

/** Where a study stands, from its appraisals (finished or not) and whether a consensus is recorded. */
export function studyStatus(appraisers: 1 | 2, appraisals: ReadonlyArray<{ finished: boolean }>, hasConsensus: boolean): AppraisalStatus {
  if (hasConsensus) return 'complete';
  const finished = appraisals.filter((a) => a.finished).length;
  if (appraisers === 1) return finished > 0 ? 'complete' : appraisals.length > 0 ? 'in_progress' : 'not_started';
  if (finished >= 2) return 'awaiting_consensus';
  if (finished === 1) return 'awaiting_second';
  return appraisals.length > 0 ? 'in_progress' : 'not_started';
}

/**
 * Whether one appraiser's answers may be shown to `viewerId`: always to their author; with two
 * appraisers, to others only once two appraisals of the study are finished (blind until then).
 */
export function answersVisible(appraisers: 1 | 2, authorId: number, viewerId: number, finishedCount: number): boolean {
  return authorId === viewerId || appraisers === 1 || finishedCount >= 2;
}

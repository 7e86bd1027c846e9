import { ValidationError, type FieldErrors } from '../../domain-errors.js';
import { QUALITY_OVERALL, type Choice, type Instrument, type Question } from './instrument-model.js';

/**
 * The review's own instrument, as its owner writes it: a name, one question per line and one answer
 * option per line. Questions and options are keyed by position ("c1", "o1"), so rewording keeps the
 * answers already given; removing one that answers use is refused by the service.
 */

export const CUSTOM_KEY = 'custom';
export const MAX_CUSTOM_QUESTIONS = 60;
export const MAX_CUSTOM_ANSWERS = 8;
const MAX_NAME = 200;
const MAX_LINE = 500;

export interface CustomInstrumentDraft {
  name: string;
  questions: string;
  answers: string;
}

export interface CustomInstrumentValue {
  name: string;
  questions: Question[];
  answers: Choice[];
}

const lines = (text: string) => text.split(/\r\n?|\n/).map((line) => line.replace(/\s+/g, ' ').trim()).filter((line) => line !== '');

/** The draft checked (every problem at once) and keyed. */
export function parseCustomInstrument(draft: CustomInstrumentDraft): CustomInstrumentValue {
  const errors: FieldErrors = {};
  const name = draft.name.replace(/\s+/g, ' ').trim();
  const questions = lines(draft.questions);
  const answers = lines(draft.answers);
  if (name === '') errors.name = 'Name the instrument.';
  else if (name.length > MAX_NAME) errors.name = `Keep the name under ${MAX_NAME} characters.`;
  if (questions.length === 0) errors.questions = 'Write at least one question, one per line.';
  else if (questions.length > MAX_CUSTOM_QUESTIONS) errors.questions = `Keep it to ${MAX_CUSTOM_QUESTIONS} questions (there are ${questions.length}).`;
  else if (questions.some((q) => q.length > MAX_LINE)) errors.questions = `Keep each question under ${MAX_LINE} characters.`;
  if (answers.length < 2) errors.answers = 'Offer at least two answers, one per line (for example Yes, No, Unclear).';
  else if (answers.length > MAX_CUSTOM_ANSWERS) errors.answers = `Offer at most ${MAX_CUSTOM_ANSWERS} answers.`;
  else if (answers.some((a) => a.length > 100)) errors.answers = 'Keep each answer under 100 characters.';
  else if (new Set(answers.map((a) => a.toLowerCase())).size !== answers.length) errors.answers = 'Each answer must differ from the others.';
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return {
    name,
    questions: questions.map((text, i) => ({ id: `c${i + 1}`, text })),
    answers: answers.map((label, i) => ({ key: `o${i + 1}`, label })),
  };
}

/** The editor's text for a stored instrument. */
export function customDraft(value: CustomInstrumentValue | null): CustomInstrumentDraft {
  if (!value) return { name: '', questions: '', answers: 'Yes\nNo\nUnclear' };
  return { name: value.name, questions: value.questions.map((q) => q.text).join('\n'), answers: value.answers.map((a) => a.label).join('\n') };
}

export function customInstrument(value: CustomInstrumentValue): Instrument {
  return {
    key: CUSTOM_KEY,
    name: value.name,
    source: 'Defined for this review by its owners.',
    guidance: 'Answer each question.',
    answers: value.answers,
    sections: [{ heading: 'Questions', questions: value.questions }],
    overallLabel: 'Overall quality',
    overall: QUALITY_OVERALL,
  };
}

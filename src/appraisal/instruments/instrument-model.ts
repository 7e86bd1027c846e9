/**
 * What an appraisal instrument is: sections of questions every appraisal answers, for MMAT a
 * category the appraiser picks whose criteria follow, the answers offered for each question, and
 * the overall judgement the appraisal ends with. Answers are stored by key, never by label.
 */

export interface Choice {
  key: string;
  label: string;
}

export interface Question {
  /** Stable within the instrument: "1", "S1", "2.3", "c4". */
  id: string;
  text: string;
}

export interface Section {
  heading: string;
  questions: Question[];
}

/** A set of criteria for one kind of study (MMAT's five categories). */
export interface Category {
  key: string;
  label: string;
  questions: Question[];
}

export interface Instrument {
  /** 'casp-qualitative', 'mmat-2018', 'jbi-qualitative' or 'custom'. */
  key: string;
  name: string;
  /** Where the wording comes from, to cite in the write-up. */
  source: string;
  /** How to use it, in a sentence or two, shown above the form. */
  guidance: string;
  answers: Choice[];
  sections: Section[];
  /** When present, the appraiser picks one and answers its questions after the sections'. */
  categories?: Category[];
  overallLabel: string;
  overall: Choice[];
}

export const QUALITY_OVERALL: Choice[] = [
  { key: 'high', label: 'High quality' },
  { key: 'moderate', label: 'Moderate quality' },
  { key: 'low', label: 'Low quality' },
];

/** The questions an appraisal answers: the sections', then the chosen category's ('' when none). */
export function questionsFor(instrument: Instrument, category: string): Question[] {
  const common = instrument.sections.flatMap((s) => s.questions);
  const chosen = instrument.categories?.find((c) => c.key === category);
  return chosen ? [...common, ...chosen.questions] : common;
}

/** Every question the instrument has, in any category (to recognise ids). */
export function allQuestions(instrument: Instrument): Question[] {
  return [...instrument.sections.flatMap((s) => s.questions), ...(instrument.categories ?? []).flatMap((c) => c.questions)];
}

export const labelOf = (choices: readonly Choice[], key: string): string | null => choices.find((c) => c.key === key)?.label ?? null;

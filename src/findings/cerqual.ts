/**
 * GRADE-CERQual, as named in Lewin et al. (2018), "Applying GRADE-CERQual to qualitative evidence
 * synthesis findings", Implementation Science 13 (Suppl 1): four components, each judged by its level
 * of concern with an explanation, and the overall assessment of confidence in a review finding (high,
 * moderate, low, very low) with the explanation CERQual requires for it. Pure: what a finding's form
 * may hold and the problems with what was typed; the service checks the studies, theme and excerpts.
 *
 * ```ts
 * const { value, errors } = checkAssessment({ components: { coherence: { concern: 'minor', explanation: '…' }, … }, confidence: 'moderate', explanation: '…' });
 * ```
 */
import type { FieldErrors } from '../domain-errors.js';

export const COMPONENTS = ['methodologicalLimitations', 'coherence', 'adequacy', 'relevance'] as const;
export type Component = (typeof COMPONENTS)[number];

/** The components' names as the CERQual papers write them. */
export const COMPONENT_LABEL: Record<Component, string> = {
  methodologicalLimitations: 'Methodological limitations',
  coherence: 'Coherence',
  adequacy: 'Adequacy of data',
  relevance: 'Relevance',
};

/** What each component asks, after Lewin et al. (2018), paper 1, Table 1 (shown as the fields' hints). */
export const COMPONENT_QUESTION: Record<Component, string> = {
  methodologicalLimitations: 'Concerns about the design or conduct of the primary studies that contributed evidence to the finding.',
  coherence: 'How clear and cogent the fit is between the data from the primary studies and the finding.',
  adequacy: 'The richness and quantity of the data supporting the finding.',
  relevance: 'How applicable the data from the primary studies are to the context in the review question.',
};

export const CONCERNS = ['none', 'minor', 'moderate', 'serious'] as const;
export type Concern = (typeof CONCERNS)[number];

export const CONCERN_LABEL: Record<Concern, string> = {
  none: 'No or very minor concerns',
  minor: 'Minor concerns',
  moderate: 'Moderate concerns',
  serious: 'Serious concerns',
};

export const CONFIDENCES = ['high', 'moderate', 'low', 'very_low'] as const;
export type Confidence = (typeof CONFIDENCES)[number];

export const CONFIDENCE_LABEL: Record<Confidence, string> = {
  high: 'High confidence',
  moderate: 'Moderate confidence',
  low: 'Low confidence',
  very_low: 'Very low confidence',
};

export const MAX_STATEMENT = 2_000;
export const MAX_EXPLANATION = 5_000;
/** More contributing studies or excerpts than a finding has; a guard against crafted forms. */
export const MAX_LINKS = 1_000;

export interface ComponentAssessment {
  concern: Concern | null;
  explanation: string;
}

export interface CerqualAssessment {
  components: Record<Component, ComponentAssessment>;
  confidence: Confidence | null;
  explanation: string;
}

/** The assessment as typed: levels as sent ('' for not assessed yet), texts untrimmed. */
export interface AssessmentDraft {
  components: Record<Component, { concern: string; explanation: string }>;
  confidence: string;
  explanation: string;
}

/** Text as stored: line breaks as \n, ends trimmed. */
export const tidyText = (text: string) => text.replace(/\r\n?/g, '\n').trim();

const count = (n: number) => n.toLocaleString('en-GB');

function tooLong(label: string, text: string, max: number): string | null {
  return text.length > max ? `Keep the ${label} under ${count(max)} characters (it has ${count(text.length)}).` : null;
}

/** The statement as stored, or the problem with it. */
export function checkStatement(statement: string, errors: FieldErrors): string {
  const value = tidyText(statement);
  if (value === '') errors.statement = 'Write the review finding: a summary of what the studies show.';
  else {
    const problem = tooLong('finding', value, MAX_STATEMENT);
    if (problem) errors.statement = problem;
  }
  return value;
}

/**
 * The assessment as stored, every problem recorded in `errors` by field name (`<component>Concern`,
 * `<component>Explanation`, `confidence`, `confidenceExplanation`). Rules: a level is one of CERQual's
 * or not yet given; a concern beyond "no or very minor" says what it is; the overall assessment comes
 * after the four components and always has its explanation (CERQual requires one).
 */
export function checkAssessment(draft: AssessmentDraft, errors: FieldErrors): CerqualAssessment {
  const components = {} as Record<Component, ComponentAssessment>;
  for (const component of COMPONENTS) {
    const typed = draft.components[component];
    const explanation = tidyText(typed.explanation);
    const concern = typed.concern === '' ? null : (CONCERNS as readonly string[]).includes(typed.concern) ? (typed.concern as Concern) : undefined;
    const label = COMPONENT_LABEL[component].toLowerCase();
    if (concern === undefined) errors[`${component}Concern`] = `Choose a level of concern for ${label}.`;
    const long = tooLong(`explanation of ${label}`, explanation, MAX_EXPLANATION);
    if (long) errors[`${component}Explanation`] = long;
    else if (concern !== undefined && concern !== null && concern !== 'none' && explanation === '') {
      errors[`${component}Explanation`] = `Say what the ${CONCERN_LABEL[concern].toLowerCase()} about ${label} are.`;
    }
    components[component] = { concern: concern ?? null, explanation };
  }
  const confidence = draft.confidence === '' ? null : (CONFIDENCES as readonly string[]).includes(draft.confidence) ? (draft.confidence as Confidence) : undefined;
  const explanation = tidyText(draft.explanation);
  if (confidence === undefined) errors.confidence = 'Choose high, moderate, low or very low confidence.';
  else if (confidence !== null) {
    const missing = COMPONENTS.filter((c) => components[c].concern === null);
    const names = missing.map((c) => COMPONENT_LABEL[c].toLowerCase());
    const list = names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
    if (missing.length > 0) errors.confidence = `Assess ${list} before the overall confidence: it rests on the four components.`;
  }
  const long = tooLong('explanation of the assessment', explanation, MAX_EXPLANATION);
  if (long) errors.confidenceExplanation = long;
  else if (confidence !== undefined && confidence !== null && explanation === '') {
    errors.confidenceExplanation = 'Explain the overall assessment of confidence: CERQual asks for the concerns it rests on.';
  }
  return { components, confidence: confidence ?? null, explanation };
}

/** The SoQF's "CERQual assessment of confidence" cell: "Moderate confidence", or that it is not assessed yet. */
export const confidenceText = (confidence: Confidence | null) => (confidence === null ? 'Not assessed yet' : CONFIDENCE_LABEL[confidence]);

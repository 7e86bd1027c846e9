import { describe, expect, it } from 'vitest';
import { appraisalAgreement } from '../../../src/appraisal/appraisal-agreement.js';
import { answersVisible, checkAppraisal, studyStatus, type AnswerValue } from '../../../src/appraisal/appraisal-rules.js';
import { CASP_QUALITATIVE } from '../../../src/appraisal/instruments/casp-qualitative.js';
import { MMAT_2018 } from '../../../src/appraisal/instruments/mmat-2018.js';
import { ValidationError } from '../../../src/domain-errors.js';

const answers = (list: Record<string, string>): Record<string, AnswerValue> => Object.fromEntries(Object.entries(list).map(([id, answer]) => [id, { answer, comment: '' }]));
const ids = (from: number, to: number, answer: string) => Object.fromEntries(Array.from({ length: to - from + 1 }, (_, i) => [String(from + i), answer]));

function fields(run: () => unknown): Record<string, string> {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error.fields;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('checking an appraisal against its instrument', () => {
  const complete = { category: '', answers: answers(ids(1, 10, 'yes')), overall: 'high', note: '' };

  it('accepts a complete CASP appraisal and keeps only answered questions of a draft', () => {
    expect(checkAppraisal(CASP_QUALITATIVE, complete, true).answers['10']).toEqual({ answer: 'yes', comment: '' });
    const draft = checkAppraisal(CASP_QUALITATIVE, { category: '', answers: { '1': { answer: 'no', comment: ' thin ' }, '2': { answer: '', comment: '' } }, overall: '', note: '' }, false);
    expect(draft.answers).toEqual({ '1': { answer: 'no', comment: 'thin' } });
  });

  it('names unknown questions, answers the instrument does not offer and a wrong overall judgement', () => {
    const problems = fields(() => checkAppraisal(CASP_QUALITATIVE, { category: 'mixed', answers: answers({ '11': 'yes', '3': 'unclear' }), overall: 'excellent', note: '' }, false));
    expect(problems['answer:11']).toBe('There is no question “11” in the CASP Qualitative Studies Checklist.');
    expect(problems['answer:3']).toMatch(/“unclear” is not an answer the CASP Qualitative Studies Checklist offers for question 3 \(Yes, Can’t tell, No\)/);
    expect(problems.overall).toMatch(/High quality, Moderate quality, Low quality/);
    expect(problems.category).toMatch(/has no categories/);
  });

  it('refuses to finish with questions or the overall judgement missing, saying which', () => {
    const { answers: all } = complete;
    const { '4': _four, '9': _nine, ...rest } = all;
    expect(fields(() => checkAppraisal(CASP_QUALITATIVE, { ...complete, answers: rest, overall: '' }, true)).finish).toBe(
      'Not finished yet: Answer questions 4, 9. Choose the overall quality.',
    );
  });

  it('MMAT: finishing needs a category and its criteria; the criteria of another category are cleared', () => {
    expect(fields(() => checkAppraisal(MMAT_2018, { category: '', answers: answers({ S1: 'yes', S2: 'yes' }), overall: 'high', note: '' }, true)).finish).toMatch(/Choose the study’s category/);
    const changed = checkAppraisal(MMAT_2018, { category: 'qualitative', answers: answers({ S1: 'yes', S2: 'yes', '5.1': 'no', '1.1': 'yes' }), overall: '', note: '' }, false);
    expect(Object.keys(changed.answers)).toEqual(['S1', 'S2', '1.1']);
    expect(fields(() => checkAppraisal(MMAT_2018, { category: 'meta', answers: {}, overall: '', note: '' }, false)).category).toMatch(/not a category/);
  });
});

describe('where a study stands and who sees what', () => {
  it('one appraiser: complete when finished; two: waits for the second, then for consensus', () => {
    expect(studyStatus(1, [], false)).toBe('not_started');
    expect(studyStatus(1, [{ finished: false }], false)).toBe('in_progress');
    expect(studyStatus(1, [{ finished: true }], false)).toBe('complete');
    expect(studyStatus(2, [{ finished: true }, { finished: false }], false)).toBe('awaiting_second');
    expect(studyStatus(2, [{ finished: true }, { finished: true }], false)).toBe('awaiting_consensus');
    expect(studyStatus(2, [{ finished: true }, { finished: true }], true)).toBe('complete');
  });

  it('with two appraisers, answers stay with their author until both are finished', () => {
    expect(answersVisible(2, 7, 7, 0)).toBe(true);
    expect(answersVisible(2, 7, 8, 1)).toBe(false);
    expect(answersVisible(2, 7, 8, 2)).toBe(true);
    expect(answersVisible(1, 7, 8, 0)).toBe(true);
  });
});

describe('agreement between two appraisers', () => {
  it('counts every question both answered, by hand: 17 of 20 alike, p_e 0.50, kappa 0.70', () => {
    // Study 1: A says Yes throughout; B says Can't tell to 9 and No to 10.
    // Study 2: A Yes 1–5, Can't tell 6–7, No 8–10; B the same but Can't tell to 5.
    // A's rows (Yes, Can't tell, No) against B's columns: [[12, 2, 1], [0, 2, 0], [0, 0, 3]].
    // p_o = 17/20 = 0.85; marginals A .75/.10/.15, B .60/.20/.20; p_e = .45 + .02 + .03 = .50; κ = .35/.50 = .70.
    const pairs = [
      [answers(ids(1, 10, 'yes')), answers({ ...ids(1, 8, 'yes'), '9': 'cant_tell', '10': 'no' })],
      [answers({ ...ids(1, 5, 'yes'), ...ids(6, 7, 'cant_tell'), ...ids(8, 10, 'no') }), answers({ ...ids(1, 4, 'yes'), ...ids(5, 7, 'cant_tell'), ...ids(8, 10, 'no') })],
      // A question only one of them answered is no item.
      [answers({ '1': 'yes' }), {}],
    ] as const;
    const result = appraisalAgreement(CASP_QUALITATIVE.answers, pairs);
    expect(result.studies).toBe(3);
    expect(result.items).toBe(20);
    expect(result.percent).toBeCloseTo(0.85, 10);
    expect(result.kappa.expectedAgreement).toBeCloseTo(0.5, 10);
    expect(result.kappa.kappa).toBeCloseTo(0.7, 10);
  });

  it('has no figures without items', () => {
    const result = appraisalAgreement(CASP_QUALITATIVE.answers, []);
    expect(result).toMatchObject({ studies: 0, items: 0, percent: null });
    expect(result.kappa.kappa).toBeNull();
  });
});

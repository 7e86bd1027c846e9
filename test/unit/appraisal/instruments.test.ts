import { describe, expect, it } from 'vitest';
import { CASP_QUALITATIVE } from '../../../src/appraisal/instruments/casp-qualitative.js';
import { customInstrument, parseCustomInstrument } from '../../../src/appraisal/instruments/custom-instrument.js';
import { allQuestions, questionsFor } from '../../../src/appraisal/instruments/instrument-model.js';
import { BUILT_IN_INSTRUMENTS, instrumentFor } from '../../../src/appraisal/instruments/instrument-registry.js';
import { JBI_QUALITATIVE } from '../../../src/appraisal/instruments/jbi-qualitative.js';
import { MMAT_2018 } from '../../../src/appraisal/instruments/mmat-2018.js';
import { ValidationError } from '../../../src/domain-errors.js';

const keys = (choices: ReadonlyArray<{ key: string }>) => choices.map((c) => c.key);

describe('built-in appraisal instruments', () => {
  it('CASP qualitative: ten questions answered Yes / Can’t tell / No, the first two screening', () => {
    expect(questionsFor(CASP_QUALITATIVE, '').map((q) => q.id)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(CASP_QUALITATIVE.answers.map((a) => a.label)).toEqual(['Yes', 'Can’t tell', 'No']);
    expect(CASP_QUALITATIVE.sections[0]!.heading).toMatch(/screening/);
    expect(CASP_QUALITATIVE.sections[0]!.questions.map((q) => q.text)).toEqual(['Was there a clear statement of the aims of the research?', 'Is a qualitative methodology appropriate?']);
    expect(CASP_QUALITATIVE.categories).toBeUndefined();
  });

  it('MMAT 2018: S1–S2 for every study, then five categories of five criteria; the chosen one is asked', () => {
    expect(MMAT_2018.sections.flatMap((s) => s.questions.map((q) => q.id))).toEqual(['S1', 'S2']);
    expect(MMAT_2018.categories!.map((c) => c.label)).toEqual([
      '1. Qualitative',
      '2. Quantitative randomized controlled trials',
      '3. Quantitative non-randomized',
      '4. Quantitative descriptive',
      '5. Mixed methods',
    ]);
    MMAT_2018.categories!.forEach((category, i) => expect(category.questions.map((q) => q.id)).toEqual([1, 2, 3, 4, 5].map((n) => `${i + 1}.${n}`)));
    expect(keys(MMAT_2018.answers)).toEqual(['yes', 'no', 'cant_tell']);
    expect(questionsFor(MMAT_2018, 'mixed').map((q) => q.id)).toEqual(['S1', 'S2', '5.1', '5.2', '5.3', '5.4', '5.5']);
    expect(questionsFor(MMAT_2018, '').map((q) => q.id)).toEqual(['S1', 'S2']);
    expect(allQuestions(MMAT_2018)).toHaveLength(27);
  });

  it('JBI qualitative: ten questions, four answers and its own overall appraisal', () => {
    expect(questionsFor(JBI_QUALITATIVE, '')).toHaveLength(10);
    expect(JBI_QUALITATIVE.answers.map((a) => a.label)).toEqual(['Yes', 'No', 'Unclear', 'Not applicable']);
    expect(JBI_QUALITATIVE.overall.map((a) => a.label)).toEqual(['Include', 'Exclude', 'Seek further info']);
  });

  it('every built-in instrument has unique question ids, a source and is found by its key', () => {
    for (const instrument of BUILT_IN_INSTRUMENTS) {
      const ids = allQuestions(instrument).map((q) => q.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(instrument.source).not.toBe('');
      expect(instrumentFor(instrument.key, null)).toBe(instrument);
    }
    expect(instrumentFor('custom', null)).toBeNull();
    expect(instrumentFor('no-such', null)).toBeNull();
  });
});

describe('custom instrument', () => {
  it('keys questions and answers by position, ignoring blank lines and spacing', () => {
    const value = parseCustomInstrument({ name: '  Desistance  quality ', questions: 'Is the setting described?\n\n  Are  voices heard? \r\n', answers: 'Yes\nPartly\nNo' });
    expect(value).toEqual({
      name: 'Desistance quality',
      questions: [{ id: 'c1', text: 'Is the setting described?' }, { id: 'c2', text: 'Are voices heard?' }],
      answers: [{ key: 'o1', label: 'Yes' }, { key: 'o2', label: 'Partly' }, { key: 'o3', label: 'No' }],
    });
    expect(questionsFor(customInstrument(value), '').map((q) => q.id)).toEqual(['c1', 'c2']);
  });

  it('refuses a nameless instrument, no questions and fewer than two or repeated answers, all at once', () => {
    try {
      parseCustomInstrument({ name: ' ', questions: '\n', answers: 'Yes\nyes' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect(Object.keys((error as ValidationError).fields).sort()).toEqual(['answers', 'name', 'questions']);
    }
    expect(() => parseCustomInstrument({ name: 'X', questions: 'Q', answers: 'Only one' })).toThrow(/at least two answers/);
  });
});

import { describe, expect, it } from 'vitest';
import { checkAssessment, checkStatement, COMPONENTS, type AssessmentDraft } from '../../../src/findings/cerqual.js';
import { findingAuditText } from '../../../src/findings/finding-audit-text.js';
import { evidenceProfileRows, soqfRows, studiesOfReports, type ReviewFinding } from '../../../src/findings/findings-queries.js';
import type { IncludedStudy } from '../../../src/studies/included-studies.js';

const draft = (levels: Partial<Record<(typeof COMPONENTS)[number], string>>, confidence = '', explanation = ''): AssessmentDraft => ({
  components: Object.fromEntries(COMPONENTS.map((c) => [c, { concern: levels[c] ?? '', explanation: levels[c] && levels[c] !== 'none' ? `Why ${c}` : '' }])) as AssessmentDraft['components'],
  confidence,
  explanation,
});
const all = (level: string) => ({ methodologicalLimitations: level, coherence: level, adequacy: level, relevance: level });

describe('a CERQual assessment as typed', () => {
  it('is kept when each level is CERQual’s and each concern and the overall judgement are explained', () => {
    const errors = {};
    const value = checkAssessment(draft(all('minor'), 'moderate', '  Minor concerns on all four.\r\n'), errors);
    expect(errors).toEqual({});
    expect(value.confidence).toBe('moderate');
    expect(value.explanation).toBe('Minor concerns on all four.');
    expect(value.components.coherence).toEqual({ concern: 'minor', explanation: 'Why coherence' });
  });

  it('may be left unassessed, every level empty', () => {
    const errors = {};
    expect(checkAssessment(draft({}), errors)).toMatchObject({ confidence: null, explanation: '' });
    expect(errors).toEqual({});
  });

  it('asks for the explanation of the overall assessment, as CERQual requires', () => {
    const errors: Record<string, string> = {};
    checkAssessment(draft(all('none'), 'high', '   '), errors);
    expect(Object.keys(errors)).toEqual(['confidenceExplanation']);
  });

  it('refuses an overall confidence before the four components, and levels CERQual does not have', () => {
    const errors: Record<string, string> = {};
    checkAssessment(draft({ coherence: 'catastrophic', adequacy: 'none' }, 'certain', 'x'), errors);
    expect(errors.coherenceConcern).toBe('Choose a level of concern for coherence.');
    expect(errors.confidence).toBe('Choose high, moderate, low or very low confidence.');
    const missing: Record<string, string> = {};
    checkAssessment(draft({ adequacy: 'none', relevance: 'none' }, 'low', 'Serious concerns.'), missing);
    expect(missing.confidence).toBe('Assess methodological limitations and coherence before the overall confidence: it rests on the four components.');
  });

  it('asks what a concern is, but not for "no or very minor concerns"', () => {
    const errors: Record<string, string> = {};
    const typed = draft(all('none'));
    typed.components.relevance = { concern: 'serious', explanation: '' };
    checkAssessment(typed, errors);
    expect(errors).toEqual({ relevanceExplanation: 'Say what the serious concerns about relevance are.' });
  });

  it('bounds the statement and the explanations', () => {
    const errors: Record<string, string> = {};
    expect(checkStatement(' \n ', errors)).toBe('');
    expect(errors.statement).toContain('Write the review finding');
    const long: Record<string, string> = {};
    checkStatement('a'.repeat(2_001), long);
    expect(long.statement).toBe('Keep the finding under 2,000 characters (it has 2,001).');
    const longExplanation: Record<string, string> = {};
    checkAssessment(draft(all('none'), 'high', 'b'.repeat(5_001)), longExplanation);
    expect(longExplanation.confidenceExplanation).toBe('Keep the explanation of the assessment under 5,000 characters (it has 5,001).');
  });
});

const study = (id: number, label: string, reports: number[]): IncludedStudy => ({
  id,
  label,
  title: label,
  authors: [],
  year: null,
  journal: '',
  doi: null,
  reports: reports.map((r) => ({ id: r, title: '', authors: [], year: null, journal: '', doi: null, type: 'article' })),
});

describe('contributing studies read through the current studies', () => {
  const studies = [study(3, 'McNeill and Weaver (2010)', [3]), study(1, 'Rossi and Bianchi (2019)', [1, 2]), study(4, 'Weaver (2016)', [4])];

  it('maps any report to its study once, in the studies’ order, and says which are no longer included', () => {
    expect(studiesOfReports([4, 2, 1, 9], studies)).toEqual({ studyIds: [1, 4], notIncluded: [9] });
  });

  it('fills the SoQF row with the labels and the confidence in CERQual’s words', () => {
    const finding = {
      id: 7,
      number: 1,
      statement: 'Work gave a new identity.',
      theme: null,
      studyIds: [3, 1],
      notIncluded: [],
      excerptIds: [],
      assessment: { components: Object.fromEntries(COMPONENTS.map((c) => [c, { concern: null, explanation: '' }])), confidence: 'very_low', explanation: 'Serious concerns about adequacy.' },
      updatedAt: '',
    } as unknown as ReviewFinding;
    expect(soqfRows([finding, { ...finding, number: 2, studyIds: [], assessment: { ...finding.assessment, confidence: null, explanation: '' } }], studies)).toEqual([
      { number: 1, finding: 'Work gave a new identity.', studies: 'McNeill and Weaver (2010); Rossi and Bianchi (2019)', confidence: 'Very low confidence', explanation: 'Serious concerns about adequacy.' },
      { number: 2, finding: 'Work gave a new identity.', studies: '', confidence: 'Not assessed yet', explanation: '' },
    ]);
    const judged = { ...finding, assessment: { ...finding.assessment, components: { ...finding.assessment.components, coherence: { concern: 'serious', explanation: 'Data conflict.' }, relevance: { concern: 'none', explanation: '' } } } } as ReviewFinding;
    expect(evidenceProfileRows([judged], studies)[0]!.components).toEqual(['Not assessed yet', 'Serious concerns\nData conflict.', 'Not assessed yet', 'No or very minor concerns']);
  });
});

describe('the history’s words for an edited finding', () => {
  it('names what changed, levels in CERQual’s words', () => {
    const before = { statement: 'a', codeId: 1, theme: 'Hope', studies: ['X (2001)'], excerptIds: [], coherence: { concern: 'none', explanation: '' }, confidence: 'high', explanation: 'e' };
    const after = { ...before, statement: 'b', codeId: null, theme: null, coherence: { concern: 'moderate', explanation: 'Some data do not fit.' }, confidence: 'very_low', explanation: 'e' };
    expect(findingAuditText.changes(before, after)).toEqual(['the wording', 'the theme (now none)', 'coherence (now moderate concerns)', 'the confidence (now very low confidence)']);
    expect(findingAuditText.confidence(after)).toBe(' (very low confidence)');
    expect(findingAuditText.changes({}, {})).toEqual([]);
  });
});

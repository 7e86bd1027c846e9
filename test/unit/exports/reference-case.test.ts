import { describe, expect, it } from 'vitest';
import { capitalsToTitleCase, sentenceCase } from '../../../src/exports/reference-case.js';
import { isEnglish } from '../../../src/exports/styled-item.js';

const apa = (title: string, english = true) => sentenceCase(title, { english, capitalAfterColon: true });
const harvard = (title: string) => sentenceCase(title, { english: true, capitalAfterColon: false });

describe('sentence case for titles of works', () => {
  it('lowers a title in capitals, keeping acronyms and capitalising after the colon', () => {
    expect(apa('DESISTANCE AND SOCIAL CO-OPERATIVES IN THE UK: A REVIEW OF THE EVIDENCE')).toBe('Desistance and social co-operatives in the UK: A review of the evidence');
    expect(apa('HIV AND AIDS IN PRISONS')).toBe('HIV and AIDS in prisons');
    expect(apa('COVID-19 AND THE NHS: WORK AFTER PRISON IN ENGLAND AND WALES')).toBe('COVID-19 and the NHS: Work after prison in England and Wales');
    expect(apa('A STUDY OF WORK, PART II')).toBe('A study of work, part II');
    expect(apa('VITAMIN D AND WELLBEING: WHY DO I CARE?')).toBe('Vitamin D and wellbeing: Why do I care?');
  });

  it('leaves a one-word title in capitals, and one of acronyms only, alone', () => {
    expect(apa('UK NHS')).toBe('UK NHS');
    expect(apa('PRISMA')).toBe('PRISMA');
    expect(apa('DESISTANCE')).toBe('DESISTANCE');
  });

  it('brings Title Case to sentence case, keeping words with inner capitals and listed names', () => {
    expect(apa('Making Good: How Ex-Convicts Reform and Rebuild Their Lives')).toBe('Making good: How ex-convicts reform and rebuild their lives');
    expect(apa('The Role of NGOs and McNeill’s Desistance Paradigm in the UK')).toBe('The role of NGOs and McNeill’s desistance paradigm in the UK');
    expect(apa('COVID-19 and the Probation Service in England and Wales')).toBe('COVID-19 and the probation service in England and Wales');
    expect(apa('Self-Report Measures of Desistance : A Review')).toBe('Self-report measures of desistance : A review');
  });

  it('keeps markup and never changes it', () => {
    expect(apa('Reducing CO<sub>2</sub> In <i>Prison</i> Kitchens')).toBe('Reducing CO<sub>2</sub> in <i>prison</i> kitchens');
    expect(apa('<i>Homo Economicus</i> Behind Bars')).toBe('<i>Homo economicus</i> behind bars');
  });

  it('changes a sentence-case title only by a capital after the colon', () => {
    expect(apa('Social co-operatives in Italy and Sweden: what works for people leaving prison?')).toBe('Social co-operatives in Italy and Sweden: What works for people leaving prison?');
    expect(apa('iPhone use among people on probation')).toBe('iPhone use among people on probation');
    expect(apa('desistance in Scotland')).toBe('Desistance in Scotland');
  });

  it('is conservative: too little evidence of Title Case leaves the title as written', () => {
    // One capitalised word beyond the first could be a name: "Work and Desistance" stays.
    expect(apa('Work and Desistance')).toBe('Work and Desistance');
    // Listed names are no evidence of Title Case.
    expect(apa('Desistance in Scotland and England')).toBe('Desistance in Scotland and England');
    // A lower-case word that is not a small word means the title is not in Title Case.
    expect(apa('Reentry in New York and beyond')).toBe('Reentry in New York and beyond');
  });

  it('cannot know names it does not list (the documented limit)', () => {
    expect(apa('Reentry in New York')).toBe('Reentry in new york');
    expect(apa('IL CARCERE DI BOLLATE E LE COOPERATIVE SOCIALI', false)).toBe('Il carcere di bollate e le cooperative sociali');
  });

  it('leaves Italian and Swedish titles in their own sentence case, names and all', () => {
    expect(apa('Il lavoro nelle cooperative sociali di tipo B a Bollate: un’analisi', false)).toBe('Il lavoro nelle cooperative sociali di tipo B a Bollate: un’analisi');
    expect(apa('Arbete och återfall i brott bland frigivna i Sverige', false)).toBe('Arbete och återfall i brott bland frigivna i Sverige');
    // Title Case is only recognised in English: a German title's nouns are left alone.
    expect(apa('Arbeit und Resozialisierung von Straftätern in Deutschland', false)).toBe('Arbeit und Resozialisierung von Straftätern in Deutschland');
  });

  it('lowers Italian and Swedish titles in capitals, with their single-letter words and listed names', () => {
    expect(apa('ARBETE OCH ÅTERFALL I BROTT I SVERIGE', false)).toBe('Arbete och återfall i brott i Sverige');
    expect(apa('LAVORO E CARCERE IN ITALIA: UNO STUDIO', false)).toBe('Lavoro e carcere in Italia: uno studio');
  });

  it('adds no capital after a colon for Cite Them Right', () => {
    expect(harvard('Naming students’ problems: an analysis')).toBe('Naming students’ problems: an analysis');
    expect(harvard('NAMING PROBLEMS: AN ANALYSIS')).toBe('Naming problems: an analysis');
  });
});

describe('title case for journal names in capitals', () => {
  it('writes the name in title case with small words lower-cased', () => {
    expect(capitalsToTitleCase('PROBATION JOURNAL')).toBe('Probation Journal');
    expect(capitalsToTitleCase('HOWARD JOURNAL OF CRIME AND JUSTICE')).toBe('Howard Journal of Crime and Justice');
    expect(capitalsToTitleCase('THE BRITISH JOURNAL OF CRIMINOLOGY')).toBe('The British Journal of Criminology');
    expect(capitalsToTitleCase('BMC PUBLIC HEALTH')).toBe('BMC Public Health');
    expect(capitalsToTitleCase('JOURNAL OF CO-OPERATIVE STUDIES')).toBe('Journal of Co-Operative Studies');
  });

  it('leaves names that are not in capitals, and acronyms, as given', () => {
    expect(capitalsToTitleCase('Journal of Co-operative Studies')).toBe('Journal of Co-operative Studies');
    expect(capitalsToTitleCase('BMJ')).toBe('BMJ');
    expect(capitalsToTitleCase('JAMA')).toBe('JAMA');
    expect(capitalsToTitleCase('CRIMINOLOGY')).toBe('Criminology');
    expect(capitalsToTitleCase('PUNISHMENT & SOCIETY')).toBe('Punishment & Society');
  });
});

it('takes a record as English when its language says so or says nothing', () => {
  expect(['', 'en', 'eng', 'English', 'en-GB', 'English; Italian'].map(isEnglish)).toEqual([true, true, true, true, true, true]);
  expect(['it', 'ita', 'Italian', 'sv', 'Swedish', 'ger'].map(isEnglish)).toEqual([false, false, false, false, false, false]);
});

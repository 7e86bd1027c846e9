import { QUALITY_OVERALL, type Instrument } from './instrument-model.js';

/**
 * The CASP Qualitative Studies Checklist (2018), questions as CASP words them. Questions 1 and 2
 * screen: when both are "Yes" the rest is worth answering. CASP defines no overall rating, so the
 * review's high / moderate / low judgement stands in for it (say so in the write-up).
 */
export const CASP_QUALITATIVE: Instrument = {
  key: 'casp-qualitative',
  name: 'CASP Qualitative Studies Checklist',
  source: 'Critical Appraisal Skills Programme (2018). CASP Qualitative Checklist. https://casp-uk.net/casp-tools-checklists/',
  guidance: 'Questions 1 and 2 are screening questions: if the answer to both is “Yes”, it is worth going on with the remaining questions.',
  answers: [
    { key: 'yes', label: 'Yes' },
    { key: 'cant_tell', label: 'Can’t tell' },
    { key: 'no', label: 'No' },
  ],
  sections: [
    {
      heading: 'Section A: Are the results valid? (screening questions)',
      questions: [
        { id: '1', text: 'Was there a clear statement of the aims of the research?' },
        { id: '2', text: 'Is a qualitative methodology appropriate?' },
      ],
    },
    {
      heading: 'Section A: Are the results valid? (detailed questions)',
      questions: [
        { id: '3', text: 'Was the research design appropriate to address the aims of the research?' },
        { id: '4', text: 'Was the recruitment strategy appropriate to the aims of the research?' },
        { id: '5', text: 'Was the data collected in a way that addressed the research issue?' },
        { id: '6', text: 'Has the relationship between researcher and participants been adequately considered?' },
      ],
    },
    {
      heading: 'Section B: What are the results?',
      questions: [
        { id: '7', text: 'Have ethical issues been taken into consideration?' },
        { id: '8', text: 'Was the data analysis sufficiently rigorous?' },
        { id: '9', text: 'Is there a clear statement of findings?' },
      ],
    },
    {
      heading: 'Section C: Will the results help locally?',
      questions: [{ id: '10', text: 'How valuable is the research?' }],
    },
  ],
  overallLabel: 'Overall quality',
  overall: QUALITY_OVERALL,
};

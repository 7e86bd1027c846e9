import type { Instrument } from './instrument-model.js';

/** The JBI Critical Appraisal Checklist for Qualitative Research, questions as JBI words them, with its own overall appraisal. */
export const JBI_QUALITATIVE: Instrument = {
  key: 'jbi-qualitative',
  name: 'JBI Checklist for Qualitative Research',
  source: 'Lockwood C, Munn Z, Porritt K (2015). Qualitative research synthesis: methodological guidance for systematic reviewers utilizing meta-aggregation. Int J Evid Based Healthc 13(3):179–187. JBI Critical Appraisal Checklist for Qualitative Research, https://jbi.global/critical-appraisal-tools',
  guidance: 'Answer each question; the overall appraisal says whether the study is included, excluded, or more information is sought.',
  answers: [
    { key: 'yes', label: 'Yes' },
    { key: 'no', label: 'No' },
    { key: 'unclear', label: 'Unclear' },
    { key: 'na', label: 'Not applicable' },
  ],
  sections: [
    {
      heading: 'Appraisal questions',
      questions: [
        { id: '1', text: 'Is there congruity between the stated philosophical perspective and the research methodology?' },
        { id: '2', text: 'Is there congruity between the research methodology and the research question or objectives?' },
        { id: '3', text: 'Is there congruity between the research methodology and the methods used to collect data?' },
        { id: '4', text: 'Is there congruity between the research methodology and the representation and analysis of data?' },
        { id: '5', text: 'Is there congruity between the research methodology and the interpretation of results?' },
        { id: '6', text: 'Is there a statement locating the researcher culturally or theoretically?' },
        { id: '7', text: 'Is the influence of the researcher on the research, and vice-versa, addressed?' },
        { id: '8', text: 'Are participants, and their voices, adequately represented?' },
        { id: '9', text: 'Is the research ethical according to current criteria or, for recent studies, and is there evidence of ethical approval by an appropriate body?' },
        { id: '10', text: 'Do the conclusions drawn in the research report flow from the analysis, or interpretation, of the data?' },
      ],
    },
  ],
  overallLabel: 'Overall appraisal',
  overall: [
    { key: 'include', label: 'Include' },
    { key: 'exclude', label: 'Exclude' },
    { key: 'seek', label: 'Seek further info' },
  ],
};

import { QUALITY_OVERALL, type Instrument } from './instrument-model.js';

/**
 * The Mixed Methods Appraisal Tool, version 2018 (Hong et al.), criteria as its user guide words
 * them: two screening questions for every study, then the five criteria of the category the
 * appraiser picks. The MMAT discourages an overall score; the overall judgement here is the
 * review's own, to be explained in its note.
 */
export const MMAT_2018: Instrument = {
  key: 'mmat-2018',
  name: 'Mixed Methods Appraisal Tool (MMAT) 2018',
  source: 'Hong QN, Pluye P, Fàbregues S, et al. (2018). Mixed Methods Appraisal Tool (MMAT), version 2018. Registration of Copyright (#1148552), Canadian Intellectual Property Office.',
  guidance:
    'Answer the two screening questions, then choose the study’s category and rate its five criteria. Further appraisal may not be feasible or appropriate when the answer is “No” or “Can’t tell” to one or both screening questions. The MMAT discourages an overall score: explain the overall judgement in the note.',
  answers: [
    { key: 'yes', label: 'Yes' },
    { key: 'no', label: 'No' },
    { key: 'cant_tell', label: 'Can’t tell' },
  ],
  sections: [
    {
      heading: 'Screening questions (for all types)',
      questions: [
        { id: 'S1', text: 'Are there clear research questions?' },
        { id: 'S2', text: 'Do the collected data allow to address the research questions?' },
      ],
    },
  ],
  categories: [
    {
      key: 'qualitative',
      label: '1. Qualitative',
      questions: [
        { id: '1.1', text: 'Is the qualitative approach appropriate to answer the research question?' },
        { id: '1.2', text: 'Are the qualitative data collection methods adequate to address the research question?' },
        { id: '1.3', text: 'Are the findings adequately derived from the data?' },
        { id: '1.4', text: 'Is the interpretation of results sufficiently substantiated by data?' },
        { id: '1.5', text: 'Is there coherence between qualitative data sources, collection, analysis and interpretation?' },
      ],
    },
    {
      key: 'randomized',
      label: '2. Quantitative randomized controlled trials',
      questions: [
        { id: '2.1', text: 'Is randomization appropriately performed?' },
        { id: '2.2', text: 'Are the groups comparable at baseline?' },
        { id: '2.3', text: 'Are there complete outcome data?' },
        { id: '2.4', text: 'Are outcome assessors blinded to the intervention provided?' },
        { id: '2.5', text: 'Did the participants adhere to the assigned intervention?' },
      ],
    },
    {
      key: 'non_randomized',
      label: '3. Quantitative non-randomized',
      questions: [
        { id: '3.1', text: 'Are the participants representative of the target population?' },
        { id: '3.2', text: 'Are measurements appropriate regarding both the outcome and intervention (or exposure)?' },
        { id: '3.3', text: 'Are there complete outcome data?' },
        { id: '3.4', text: 'Are the confounders accounted for in the design and analysis?' },
        { id: '3.5', text: 'During the study period, is the intervention administered (or exposure occurred) as intended?' },
      ],
    },
    {
      key: 'descriptive',
      label: '4. Quantitative descriptive',
      questions: [
        { id: '4.1', text: 'Is the sampling strategy relevant to address the research question?' },
        { id: '4.2', text: 'Is the sample representative of the target population?' },
        { id: '4.3', text: 'Are the measurements appropriate?' },
        { id: '4.4', text: 'Is the risk of nonresponse bias low?' },
        { id: '4.5', text: 'Is the statistical analysis appropriate to answer the research question?' },
      ],
    },
    {
      key: 'mixed',
      label: '5. Mixed methods',
      questions: [
        { id: '5.1', text: 'Is there an adequate rationale for using a mixed methods design to address the research question?' },
        { id: '5.2', text: 'Are the different components of the study effectively integrated to answer the research question?' },
        { id: '5.3', text: 'Are the outputs of the integration of qualitative and quantitative components adequately interpreted?' },
        { id: '5.4', text: 'Are divergences and inconsistencies between quantitative and qualitative results adequately addressed?' },
        { id: '5.5', text: 'Do the different components of the study adhere to the quality criteria of each tradition of the methods involved?' },
      ],
    },
  ],
  overallLabel: 'Overall quality (the review’s judgement)',
  overall: QUALITY_OVERALL,
};

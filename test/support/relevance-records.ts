/**
 * Twenty records for relevance-order tests: ten on the review's question and ten on other things,
 * interleaved in import order (on topic first), so a model trained on one of each should offer the
 * nine other on-topic records before any off-topic one.
 */
const ON_TOPIC = [
  'Social co-operatives and the desistance of former prisoners in Italy',
  'Work integration social enterprises employing people leaving prison',
  'Co-production with people with convictions in a Swedish social cooperative',
  'Desistance, employment and identity change after release from prison',
  'Prisoner reintegration through cooperative employment in England',
  'Social cooperatives type B and the reintegration of ex-offenders',
  'Relational desistance and social capital in a prison cooperative',
  'Stigma, criminal records and work in social co-operatives',
  'Former prisoners as members of worker cooperatives: a qualitative study',
  'Commissioning social enterprises for offender rehabilitation',
];
const OFF_TOPIC = [
  'Soil nitrogen and maize yield under drought',
  'Cardiac surgery outcomes in older adults',
  'Deep learning for satellite image segmentation',
  'Coral reef bleaching and ocean temperature',
  'Antibiotic resistance in hospital wastewater',
  'Battery chemistry for grid storage',
  'Migration of songbirds across the Sahara',
  'Glacier retreat in the Alps since 1850',
  'Dental caries in school children',
  'Wind turbine noise and sleep',
];

export const RELEVANCE_RECORDS = ON_TOPIC.flatMap((title, i) => [
  { title, abstract: `${title}. We interviewed members and staff about work, desistance and reintegration after prison.` },
  { title: OFF_TOPIC[i]!, abstract: `${OFF_TOPIC[i]}. Measurements were taken at field sites and analysed statistically.` },
]);

/** Splits the ids of RELEVANCE_RECORDS, inserted in order, into on-topic and off-topic ones. */
export function byTopic(ids: readonly number[]): { onTopic: number[]; offTopic: number[] } {
  return { onTopic: ids.filter((_, i) => i % 2 === 0), offTopic: ids.filter((_, i) => i % 2 === 1) };
}

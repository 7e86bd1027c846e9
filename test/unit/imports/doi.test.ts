import { describe, expect, it } from 'vitest';
import { normaliseDoi } from '../../../src/imports/doi.js';

describe('normaliseDoi', () => {
  it.each([
    ['10.1000/ABC.def', '10.1000/abc.def'],
    ['https://doi.org/10.1186/S13750-019-0148-4', '10.1186/s13750-019-0148-4'],
    ['http://dx.doi.org/10.1023/A:1017379030770', '10.1023/a:1017379030770'],
    ['doi:10.1063/1.4814070', '10.1063/1.4814070'],
    ['DOI: 10.1063/1.4814070', '10.1063/1.4814070'],
    ['{10.1136/vr.d6221}', '10.1136/vr.d6221'],
    ['https://doi.org/10.1186%2Fs13750-015-0039-2', '10.1186/s13750-015-0039-2'],
    ['10.4103/2277-9175.180636 [doi]', '10.4103/2277-9175.180636'],
    ['Clin Pharmacokinet. 2011;50(6):349-69. doi: 10.2165/11586800-000000000-00000.', '10.2165/11586800-000000000-00000'],
    ['10.1016/S0048-9697(17)30912-9', '10.1016/s0048-9697(17)30912-9'],
    ['(see 10.1000/xyz)', '10.1000/xyz'],
    ['https://www.scopus.com/record.uri?eid=2&doi=10.1016%2fj.mehy.2019.109324&partnerID=40', '10.1016/j.mehy.2019.109324'],
  ])('%s -> %s', (input, expected) => {
    expect(normaliseDoi(input)).toBe(expected);
  });

  it.each(['', 'pending', 'doi: whatever', '10.12/too-short-prefix', null, undefined])('%s is not a DOI', (input) => {
    expect(normaliseDoi(input)).toBeNull();
  });
});

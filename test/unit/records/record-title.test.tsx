import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import type { MergeGroup, PairRecord, QueuePair } from '../../../src/dedup/dedup-queries.js';
import { plainTitle, RecordTitle } from '../../../views/components/record-title.js';
import { MergeList } from '../../../views/dedup/merge-list.js';
import { PairCompare } from '../../../views/dedup/pair-compare.js';

const PLACEHOLDER = '<span class="no-title">[No title]</span>';

const side = (id: number, title: string): PairRecord => ({
  id, title, authors: ['Nobody, Nora'], year: 2019, journal: '', volume: '', issue: '', pages: '', doi: '10.5555/x', pmid: null, abstract: '', type: 'article-journal', publisher: '', note: '', source: 'Scopus',
});

describe('a record without a title, as a person sees it', () => {
  it('is "[No title]", set apart from real titles; a title keeps its markup', () => {
    expect(renderToString(<RecordTitle title="" />)).toBe(PLACEHOLDER);
    expect(renderToString(<RecordTitle title="CO<sub>2</sub>" />)).toBe('CO<sub>2</sub>');
    expect([plainTitle(''), plainTitle('CO<sub>2</sub>')]).toEqual(['[No title]', 'CO2']);
  });

  it('in the duplicates pair view and the list of merges', () => {
    const pair: QueuePair = { id: 1, kind: 'probable', score: 0.9, reasons: [], differing: ['title'], a: side(1, 'Desistance at work'), b: side(2, '') };
    expect(renderToString(<PairCompare pair={pair} slug="r" />)).toContain(`<td><strong>${PLACEHOLDER}</strong></td>`);
    const group: MergeGroup = {
      primary: { id: 1, title: 'Desistance at work', source: 'Scopus' }, duplicates: [{ id: 2, title: '', source: 'Lens' }],
      merges: [{ id: 1, reason: 'automatic', createdAt: '2026-01-01T00:00:00Z', createdBy: null }],
    };
    expect(renderToString(<MergeList groups={[group]} base="/reviews/r/duplicates" slug="r" csrfToken="t" />)).toContain(`<a href="/reviews/r/records/2">${PLACEHOLDER}</a>`);
  });
});

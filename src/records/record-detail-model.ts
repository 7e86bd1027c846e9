import type { ReviewNav } from '../../views/layout.js';
import type { RecordDetailModel } from '../../views/records/record-detail-page.js';
import type { RecordEditModel } from '../../views/records/record-edit-page.js';
import type { FieldErrors } from '../domain-errors.js';
import type { SourceType } from '../db/schema.js';
import { doiUrl, pubmedUrl, webUrl, type RecordEditInput } from './record-fields.js';
import type { RecordGroup } from '../dedup/record-group.js';
import type { RecordDetail, RecordEdit } from './record-queries.js';
import { typeChoices, typeLabel } from './record-types.js';

const SOURCE_TYPE_LABELS: Record<SourceType, string> = {
  database: 'Database',
  register: 'Register',
  website: 'Website',
  organisation: 'Organisation',
  citation_searching: 'Citation searching',
  other: 'Other source',
};

export function recordUrl(slug: string, id: number): string {
  return `/reviews/${slug}/records/${id}`;
}

export function detailModel(
  review: ReviewNav,
  record: RecordDetail,
  edits: RecordEdit[],
  group: RecordGroup,
  csrfToken: string,
  screening: Pick<RecordDetailModel, 'fullText' | 'history' | 'pdfLimitMb'>,
): RecordDetailModel {
  return {
    review,
    record,
    csrfToken,
    ...screening,
    separateUrl: `/reviews/${review.slug}/duplicates/records/${record.id}/separate`,
    listUrl: `/reviews/${review.slug}/records`,
    editUrl: `${recordUrl(review.slug, record.id)}/edit`,
    importsUrl: `/reviews/${review.slug}/imports`,
    links: { doi: record.doi ? doiUrl(record.doi) : null, pubmed: pubmedUrl(record.pmid), web: webUrl(record.url) },
    typeLabel: typeLabel(record.type),
    sourceTypeLabel: SOURCE_TYPE_LABELS[record.source.sourceType] ?? record.source.sourceType,
    edits,
    group,
  };
}

/** The edit form filled from the record as stored. */
export function editInputOf(record: RecordDetail): RecordEditInput {
  return {
    title: record.title,
    authors: record.authors.join('\n'),
    year: record.year === null ? '' : String(record.year),
    journal: record.journal,
    volume: record.volume,
    issue: record.issue,
    pages: record.pages,
    doi: record.doi ?? '',
    pmid: record.pmid ?? '',
    url: record.url ?? '',
    abstract: record.abstract,
    keywords: record.keywords.join('\n'),
    type: record.type,
    language: record.language,
    issn: record.issn,
    publisher: record.publisher,
  };
}

export function editModel(
  review: ReviewNav,
  record: RecordDetail,
  values: RecordEditInput,
  version: string,
  errors?: FieldErrors,
): RecordEditModel {
  const url = recordUrl(review.slug, record.id);
  return {
    review,
    storedTitle: record.title,
    recordUrl: url,
    editUrl: `${url}/edit`,
    values,
    version,
    types: typeChoices(values.type).map((type) => ({ value: type, label: typeLabel(type) })),
    errors,
  };
}

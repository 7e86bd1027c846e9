import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit-log.js';
import type { Database } from '../db/schema.js';
import { NotFoundError, ValidationError } from '../domain-errors.js';
import { validateRecordEdit, type RecordEditInput } from './record-fields.js';
import { findRecord, textList, updateRecordColumns, type EditableColumns, type RecordDetail } from './record-queries.js';

/** A record's editable fields as people see them: authors and keywords as lists. */
type FieldValues = Record<string, string | number | string[] | null>;

function fieldValues(columns: EditableColumns): FieldValues {
  const { authorsJson, keywordsJson, firstAuthor: _derived, ...plain } = columns;
  return { ...plain, authors: textList(authorsJson), keywords: textList(keywordsJson) };
}

function currentColumns(record: RecordDetail): EditableColumns {
  return {
    title: record.title,
    authorsJson: JSON.stringify(record.authors),
    firstAuthor: record.authors[0] ?? '',
    year: record.year,
    journal: record.journal,
    volume: record.volume,
    issue: record.issue,
    pages: record.pages,
    doi: record.doi,
    pmid: record.pmid,
    abstract: record.abstract,
    keywordsJson: JSON.stringify(record.keywords),
    type: record.type,
    url: record.url,
    language: record.language,
    issn: record.issn,
    publisher: record.publisher,
  };
}

/** The columns behind each field an edit can change. */
const COLUMNS_OF: Record<string, ReadonlyArray<keyof EditableColumns>> = {
  authors: ['authorsJson', 'firstAuthor'],
  keywords: ['keywordsJson'],
};

export const VERSION_CONFLICT =
  'Someone saved this record after you opened it. Your changes are still in the form: check them against the record and save again to keep yours.';

/**
 * Saves an edit of a record: validates it, refuses it if the record changed since the form was
 * opened (`version` is the `updatedAt` the form was built from), and writes only the changed fields
 * with one audit event holding their before and after values, in one transaction. The search index
 * follows by trigger. Returns the names of the fields changed (none: nothing written).
 */
export async function editRecord(
  db: Kysely<Database>,
  ctx: { actorId: number; reviewId: number },
  recordId: number,
  input: RecordEditInput,
  version: string,
): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    const record = await findRecord(trx, ctx.reviewId, recordId);
    if (!record) throw new NotFoundError('There is no such record in this review.');
    const { columns, errors } = validateRecordEdit(input, new Date(), { untitled: record.title === '' });
    if (Object.keys(errors).length > 0) throw new ValidationError(errors);
    if (record.updatedAt !== version) throw new ValidationError({ version: VERSION_CONFLICT });

    const before = fieldValues(currentColumns(record));
    const after = fieldValues(columns);
    const changed = Object.keys(after).filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]));
    if (changed.length === 0) return [];

    const changes: Partial<EditableColumns> = {};
    for (const field of changed) {
      for (const column of COLUMNS_OF[field] ?? [field as keyof EditableColumns]) {
        (changes as Record<string, unknown>)[column] = columns[column];
      }
    }
    await updateRecordColumns(trx, ctx.reviewId, recordId, changes, new Date().toISOString());
    await recordAudit(trx, {
      actorId: ctx.actorId,
      reviewId: ctx.reviewId,
      action: 'record.edit',
      entity: 'record',
      entityId: recordId,
      before: Object.fromEntries(changed.map((field) => [field, before[field]])),
      after: Object.fromEntries(changed.map((field) => [field, after[field]])),
    });
    return changed;
  });
}

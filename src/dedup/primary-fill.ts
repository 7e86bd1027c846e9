import type { EditableColumns } from '../records/record-queries.js';

/** Columns a merge may fill in the primary; authors come with the first author derived from them. */
const FILLABLE = [
  ['authorsJson', 'firstAuthor'],
  ['year'],
  ['journal'],
  ['volume'],
  ['issue'],
  ['pages'],
  ['doi'],
  ['pmid'],
  ['abstract'],
  ['keywordsJson'],
  ['url'],
  ['language'],
  ['issn'],
  ['publisher'],
] as const satisfies ReadonlyArray<readonly (keyof EditableColumns)[]>;

export type FillColumn = (typeof FILLABLE)[number][number];
export type FillValues = Pick<EditableColumns, FillColumn>;
type FillValue = FillValues[FillColumn];

/** One primary column a merge filled from record `from`, with both values so an undo can check and restore it. */
export interface FilledField {
  column: FillColumn;
  from: number;
  before: FillValue;
  after: FillValue;
}

export const FILL_COLUMNS: readonly FillColumn[] = FILLABLE.flat();

const isEmpty = (value: FillValue) => value === null || value === '' || value === '[]';

/**
 * The primary's empty fields, each filled from the first of `others` (in the order given) that has
 * it. Fields the primary has are never overwritten, so no source's value is lost from the group.
 */
export function fillsFor(primary: FillValues, others: ReadonlyArray<FillValues & { id: number }>): FilledField[] {
  const filled: FilledField[] = [];
  for (const columns of FILLABLE) {
    if (!isEmpty(primary[columns[0]])) continue;
    const donor = others.find((other) => !isEmpty(other[columns[0]]));
    if (donor === undefined) continue;
    for (const column of columns) filled.push({ column, from: donor.id, before: primary[column], after: donor[column] });
  }
  return filled;
}

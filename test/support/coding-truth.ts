import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';
import { includedReportIdsQuery } from '../../src/studies/included-studies.js';

/** The coding counters' truth, counted from the rows: included studies with a code or an excerpt, and their excerpts. */
export async function countCoding(db: Kysely<Database>, reviewId: number): Promise<{ studiesCoded: number; excerpts: number }> {
  const includedIds = includedReportIdsQuery(db, reviewId);
  // One after the other: inside a transaction both share its connection.
  const coded = await db
    .selectFrom(
      db
        .selectFrom('studyCode')
        .select('recordId')
        .where('reviewId', '=', reviewId)
        .union(db.selectFrom('excerpt').select('recordId').where('reviewId', '=', reviewId))
        .as('coded'),
    )
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('coded.recordId', 'in', includedIds)
    .executeTakeFirstOrThrow();
  const excerpts = await db
    .selectFrom('excerpt')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('reviewId', '=', reviewId)
    .where('recordId', 'in', includedIds)
    .executeTakeFirstOrThrow();
  return { studiesCoded: Number(coded.n), excerpts: Number(excerpts.n) };
}

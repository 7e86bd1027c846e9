/**
 * The codebook's view of the coders' passes (double coding): a code applied in a pass is in use, so
 * deleting it is refused like deleting a code of the agreed coding, and merging carries it along.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** How often the codes are applied in coders' passes, to studies or to excerpts. */
export async function passCodeUses(trx: Kysely<Database>, codeIds: readonly number[]): Promise<number> {
  if (codeIds.length === 0) return 0;
  const count = async (table: 'passStudyCode' | 'passExcerptCode') =>
    Number((await trx.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('codeId', 'in', codeIds).executeTakeFirstOrThrow()).n);
  return (await count('passStudyCode')) + (await count('passExcerptCode'));
}

/** Moves the passes' uses of `fromId` onto `intoId`; a pass or excerpt that had both keeps one. */
export async function movePassCodes(trx: Kysely<Database>, fromId: number, intoId: number): Promise<void> {
  await trx
    .insertInto('passStudyCode')
    .columns(['reviewId', 'recordId', 'coderId', 'codeId', 'createdAt'])
    .expression(trx.selectFrom('passStudyCode').select(['reviewId', 'recordId', 'coderId', sql<number>`${intoId}`.as('codeId'), 'createdAt']).where('codeId', '=', fromId))
    .onConflict((oc) => oc.doNothing())
    .execute();
  await trx.deleteFrom('passStudyCode').where('codeId', '=', fromId).execute();
  await trx
    .insertInto('passExcerptCode')
    .columns(['passExcerptId', 'codeId'])
    .expression(trx.selectFrom('passExcerptCode').select(['passExcerptId', sql<number>`${intoId}`.as('codeId')]).where('codeId', '=', fromId))
    .onConflict((oc) => oc.doNothing())
    .execute();
  await trx.deleteFrom('passExcerptCode').where('codeId', '=', fromId).execute();
}

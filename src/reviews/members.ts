import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit-log.js';
import type { Database, ReviewRole } from '../db/schema.js';
import { NotFoundError, ValidationError } from '../domain-errors.js';

export const ROLES: readonly ReviewRole[] = ['owner', 'reviewer'];

export interface Member {
  accountId: number;
  name: string;
  email: string;
  role: ReviewRole;
  disabled: boolean;
}

interface Context {
  actorId: number;
  reviewId: number;
}

export function listMembers(db: Kysely<Database>, reviewId: number): Promise<Member[]> {
  return db
    .selectFrom('reviewMember')
    .innerJoin('account', 'account.id', 'reviewMember.accountId')
    .select([
      'reviewMember.accountId',
      'account.name',
      'account.email',
      'reviewMember.role',
      (eb) => eb('account.disabledAt', 'is not', null).as('disabled'),
    ])
    .where('reviewMember.reviewId', '=', reviewId)
    .orderBy('account.name')
    .execute()
    .then((rows) => rows.map((r) => ({ ...r, disabled: Boolean(r.disabled) })));
}

async function requireOtherOwner(db: Kysely<Database>, reviewId: number, accountId: number): Promise<void> {
  const other = await db
    .selectFrom('reviewMember')
    .select('accountId')
    .where('reviewId', '=', reviewId)
    .where('role', '=', 'owner')
    .where('accountId', '!=', accountId)
    .executeTakeFirst();
  if (!other) throw new ValidationError({ member: 'A review needs at least one owner; make someone else owner first.' });
}

async function findRole(db: Kysely<Database>, reviewId: number, accountId: number): Promise<ReviewRole> {
  const row = await db
    .selectFrom('reviewMember')
    .select('role')
    .where('reviewId', '=', reviewId)
    .where('accountId', '=', accountId)
    .executeTakeFirst();
  if (!row) throw new NotFoundError('That person is not a member of this review.');
  return row.role;
}

export async function changeRole(db: Kysely<Database>, ctx: Context, accountId: number, role: ReviewRole): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await findRole(trx, ctx.reviewId, accountId);
    if (before === role) return;
    if (before === 'owner') await requireOtherOwner(trx, ctx.reviewId, accountId);
    await trx
      .updateTable('reviewMember')
      .set({ role })
      .where('reviewId', '=', ctx.reviewId)
      .where('accountId', '=', accountId)
      .execute();
    await recordAudit(trx, {
      actorId: ctx.actorId,
      reviewId: ctx.reviewId,
      action: 'member.role',
      entity: 'member',
      entityId: accountId,
      before: { role: before },
      after: { role },
    });
  });
}

export async function removeMember(db: Kysely<Database>, ctx: Context, accountId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const role = await findRole(trx, ctx.reviewId, accountId);
    if (role === 'owner') await requireOtherOwner(trx, ctx.reviewId, accountId);
    await trx.deleteFrom('reviewMember').where('reviewId', '=', ctx.reviewId).where('accountId', '=', accountId).execute();
    await recordAudit(trx, {
      actorId: ctx.actorId,
      reviewId: ctx.reviewId,
      action: 'member.remove',
      entity: 'member',
      entityId: accountId,
      before: { role },
    });
  });
}

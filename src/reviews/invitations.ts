import type { Kysely } from 'kysely';
import type { Account } from '../accounts/account-repository.js';
import { recordAudit } from '../audit/audit-log.js';
import type { Database, ReviewRole } from '../db/schema.js';
import { NotFoundError, ValidationError } from '../domain-errors.js';

/**
 * Nobody joins a review without saying yes. A review owner invites an e-mail address; whoever signs
 * in with that address sees the invitation on their reviews page and accepts or declines it. The
 * owner is told the same whether or not the address has an account, so the Team page reveals no
 * accounts: only the instance owner, who manages them, sees who has one.
 */

/** What the person inviting is told, account or not. */
export const INVITED = 'If this address has a Coreview account, they will see the invitation on their reviews page.';

/** An invitation not yet answered, as the review's owners see it. */
export interface SentInvitation {
  id: number;
  email: string;
  role: ReviewRole;
  invitedAt: string;
}

/** An invitation as the invited person sees it. */
export interface ReceivedInvitation {
  slug: string;
  title: string;
  role: ReviewRole;
  invitedBy: string;
}

interface Context {
  actorId: number;
  reviewId: number;
}

export async function invite(db: Kysely<Database>, ctx: Context, email: string, role: ReviewRole): Promise<void> {
  await db.transaction().execute(async (trx) => {
    // Members are on the Team page already: saying so reveals nothing new.
    const member = await trx
      .selectFrom('reviewMember')
      .innerJoin('account', 'account.id', 'reviewMember.accountId')
      .select(['account.name', 'reviewMember.role'])
      .where('reviewMember.reviewId', '=', ctx.reviewId)
      .where('account.email', '=', email)
      .executeTakeFirst();
    if (member) throw new ValidationError({ email: `${member.name} is already a member (${member.role}).` });
    await trx
      .insertInto('reviewInvitation')
      .values({ reviewId: ctx.reviewId, email, role, invitedBy: ctx.actorId, invitedAt: new Date().toISOString() })
      .onConflict((oc) => oc.columns(['reviewId', 'email']).doUpdateSet({ role, invitedBy: ctx.actorId }))
      .execute();
    await recordAudit(trx, { actorId: ctx.actorId, reviewId: ctx.reviewId, action: 'member.invite', entity: 'review', entityId: ctx.reviewId, after: { email, role } });
  });
}

export function listSentInvitations(db: Kysely<Database>, reviewId: number): Promise<SentInvitation[]> {
  return db
    .selectFrom('reviewInvitation')
    .select(['id', 'email', 'role', 'invitedAt'])
    .where('reviewId', '=', reviewId)
    .orderBy('email')
    .execute();
}

export async function withdraw(db: Kysely<Database>, ctx: Context, invitationId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const invitation = await trx
      .deleteFrom('reviewInvitation')
      .where('id', '=', invitationId)
      .where('reviewId', '=', ctx.reviewId)
      .returning(['email', 'role'])
      .executeTakeFirst();
    if (!invitation) throw new NotFoundError('There is no such invitation.');
    await recordAudit(trx, { actorId: ctx.actorId, reviewId: ctx.reviewId, action: 'member.invite_withdraw', entity: 'review', entityId: ctx.reviewId, before: invitation });
  });
}

/** Invitations to the reviews this person is not yet a member of, newest first. */
export function listReceivedInvitations(db: Kysely<Database>, account: Account): Promise<ReceivedInvitation[]> {
  return db
    .selectFrom('reviewInvitation')
    .innerJoin('review', 'review.id', 'reviewInvitation.reviewId')
    .innerJoin('account as inviter', 'inviter.id', 'reviewInvitation.invitedBy')
    .select(['review.slug', 'review.title', 'reviewInvitation.role', 'inviter.name as invitedBy'])
    .where('reviewInvitation.email', '=', account.email)
    .orderBy('reviewInvitation.invitedAt', 'desc')
    .execute();
}

/** Accepts (joins with the role offered) or declines the invitation to the review `slug`; either way it is gone. */
export async function answerInvitation(db: Kysely<Database>, account: Account, slug: string, accept: boolean): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const invitation = await trx
      .selectFrom('reviewInvitation')
      .innerJoin('review', 'review.id', 'reviewInvitation.reviewId')
      .select(['reviewInvitation.id', 'reviewInvitation.reviewId', 'reviewInvitation.role'])
      .where('review.slug', '=', slug)
      .where('reviewInvitation.email', '=', account.email)
      .executeTakeFirst();
    if (!invitation) throw new NotFoundError('There is no such invitation; it may have been withdrawn.');
    await trx.deleteFrom('reviewInvitation').where('id', '=', invitation.id).execute();
    const { reviewId, role } = invitation;
    if (accept) {
      await trx
        .insertInto('reviewMember')
        .values({ reviewId, accountId: account.id, role, addedAt: new Date().toISOString() })
        .onConflict((oc) => oc.columns(['reviewId', 'accountId']).doNothing())
        .execute();
    }
    await recordAudit(trx, { actorId: account.id, reviewId, action: accept ? 'member.accept' : 'member.decline', entity: 'member', entityId: account.id, after: { role } });
  });
}

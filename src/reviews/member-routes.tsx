import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MembersPage } from '../../views/reviews/members-page.js';
import type { ReviewRole } from '../db/schema.js';
import { NotFoundError, ValidationError, type FieldErrors } from '../domain-errors.js';
import { setFlash } from '../http/flash.js';
import { FormInput } from '../http/form-input.js';
import { pageContext, sendPage } from '../http/render.js';
import { currentReview, requireReviewOwner } from '../http/review-access.js';
import { INVITED, invite, listSentInvitations, withdraw } from './invitations.js';
import { changeRole, listMembers, removeMember, ROLES } from './members.js';

export async function memberRoutes(app: FastifyInstance) {
  async function showPage(request: FastifyRequest, reply: FastifyReply, form = { email: '', role: 'reviewer' }, errors?: FieldErrors) {
    const review = currentReview(request);
    const members = await listMembers(app.db, review.id);
    // Only owners invite, so only they see who is invited.
    const invitations = review.role === 'owner' ? await listSentInvitations(app.db, review.id) : [];
    const page = <MembersPage ctx={pageContext(request, reply)} review={review} members={members} invitations={invitations} form={form} errors={errors} />;
    return sendPage(reply, page, errors ? 422 : 200);
  }

  /** Runs a change; a broken rule re-renders the page with the message instead of losing the form. */
  async function change(request: FastifyRequest, reply: FastifyReply, run: () => Promise<void>, done: string, form?: { email: string; role: string }) {
    try {
      await run();
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return showPage(request, reply, form, error.fields);
    }
    setFlash(reply, done);
    return reply.redirect(`/reviews/${currentReview(request).slug}/members`, 303);
  }

  const ctx = (request: FastifyRequest) => ({ actorId: request.account!.id, reviewId: currentReview(request).id });
  const idParam = (request: FastifyRequest, name: string, notFound: string) => {
    const id = Number((request.params as Record<string, string>)[name]);
    if (!Number.isSafeInteger(id) || id <= 0) throw new NotFoundError(notFound);
    return id;
  };
  const accountId = (request: FastifyRequest) => idParam(request, 'accountId', 'There is no such member.');

  app.get('/members', async (request, reply) => showPage(request, reply));

  app.post('/members', { preHandler: requireReviewOwner }, async (request, reply) => {
    const form = new FormInput(request.body);
    const email = form.email('email');
    const role = form.oneOf<ReviewRole>('role', ROLES, 'Role');
    return change(request, reply, async () => {
      form.assertValid();
      await invite(app.db, ctx(request), email, role);
    }, INVITED, { email, role });
  });

  app.post('/members/invitations/:invitationId/withdraw', { preHandler: requireReviewOwner }, async (request, reply) =>
    change(request, reply, () => withdraw(app.db, ctx(request), idParam(request, 'invitationId', 'There is no such invitation.')), 'Invitation withdrawn.'),
  );

  app.post('/members/:accountId/role', { preHandler: requireReviewOwner }, async (request, reply) => {
    const form = new FormInput(request.body);
    const role = form.oneOf<ReviewRole>('role', ROLES, 'Role');
    return change(request, reply, async () => {
      form.assertValid();
      await changeRole(app.db, ctx(request), accountId(request), role);
    }, 'Role changed.');
  });

  app.post('/members/:accountId/remove', { preHandler: requireReviewOwner }, async (request, reply) =>
    change(request, reply, () => removeMember(app.db, ctx(request), accountId(request)), 'Member removed.'),
  );
}

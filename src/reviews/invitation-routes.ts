import type { FastifyInstance, FastifyRequest } from 'fastify';
import { setFlash } from '../http/flash.js';
import { requireAccount } from '../http/session-auth.js';
import { answerInvitation } from './invitations.js';

/** The invited person's answer, from their reviews page. */
export async function invitationRoutes(app: FastifyInstance) {
  app.addHook('onRequest', requireAccount);
  const slug = (request: FastifyRequest) => (request.params as { slug: string }).slug;

  app.post('/invitations/:slug/accept', async (request, reply) => {
    await answerInvitation(app.db, request.account!, slug(request), true);
    setFlash(reply, 'Invitation accepted: you are now a member of this review.');
    return reply.redirect(`/reviews/${slug(request)}`, 303);
  });

  app.post('/invitations/:slug/decline', async (request, reply) => {
    await answerInvitation(app.db, request.account!, slug(request), false);
    setFlash(reply, 'Invitation declined.');
    return reply.redirect('/reviews', 303);
  });
}

import type { FastifyInstance } from 'fastify';
import { AccountPage } from '../../views/accounts/account-page.js';
import { ValidationError } from '../domain-errors.js';
import { setFlash } from '../http/flash.js';
import { FormInput } from '../http/form-input.js';
import { pageContext, sendPage } from '../http/render.js';
import { PASSWORD_PAGE, requireSignedIn, setSessionCookie } from '../http/session-auth.js';
import { changePassword } from './account-service.js';
import { createSession } from './session-store.js';

/**
 * The signed-in person's own account: for now, changing their password. The one place open with a
 * temporary password, which must be replaced here first.
 */
export async function accountRoutes(app: FastifyInstance) {
  app.addHook('onRequest', requireSignedIn);

  app.get(PASSWORD_PAGE, async (request, reply) => sendPage(reply, <AccountPage ctx={pageContext(request, reply)} />));

  app.post('/account/password', async (request, reply) => {
    const form = new FormInput(request.body);
    const current = form.text('current', { label: 'Current password', required: true, max: 1000, trim: false });
    const next = form.text('password', { label: 'New password', required: true, max: 1000, trim: false });
    try {
      form.assertValid();
      await changePassword(app.db, request.account!, current, next);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return sendPage(reply, <AccountPage ctx={pageContext(request, reply)} errors={error.fields} />, 422);
    }
    setSessionCookie(app, reply, await createSession(app.db, request.account!.id, app.config.sessionDays));
    setFlash(reply, 'Password changed. Other devices have been signed out.');
    return reply.redirect('/reviews', 303);
  });
}

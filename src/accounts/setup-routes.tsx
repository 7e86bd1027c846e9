import type { FastifyInstance } from 'fastify';
import { SetupPage } from '../../views/accounts/setup-page.js';
import { NotFoundError, ValidationError } from '../domain-errors.js';
import { setFlash } from '../http/flash.js';
import { FormInput } from '../http/form-input.js';
import { pageContext, sendPage } from '../http/render.js';
import { needsSetup, setSessionCookie } from '../http/session-auth.js';
import { createOwner } from './account-service.js';
import { createSession } from './session-store.js';

/** The first-run page: exists only until the owner account does. */
export async function setupRoutes(app: FastifyInstance) {
  app.get('/', async (request, reply) => {
    if (await needsSetup(app)) return reply.redirect('/setup', 303);
    return reply.redirect(request.account ? '/reviews' : '/login', 303);
  });

  app.get('/setup', async (request, reply) => {
    if (!(await needsSetup(app))) throw new NotFoundError('Coreview is already set up. Sign in instead.');
    return sendPage(reply, <SetupPage ctx={pageContext(request, reply)} form={{ name: '', email: '' }} />);
  });

  app.post('/setup', async (request, reply) => {
    if (!(await needsSetup(app))) throw new NotFoundError('Coreview is already set up. Sign in instead.');
    const form = new FormInput(request.body);
    const name = form.text('name', { label: 'Name', required: true, max: 120 });
    const email = form.email('email');
    const password = form.text('password', { label: 'Password', required: true, max: 1000, trim: false });
    try {
      form.assertValid();
      const id = await createOwner(app.db, { name, email, password });
      setSessionCookie(app, reply, await createSession(app.db, id, app.config.sessionDays));
      setFlash(reply, 'Your owner account is ready. Create your first review.');
      return reply.redirect('/reviews/new', 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return sendPage(reply, <SetupPage ctx={pageContext(request, reply)} form={{ name, email }} errors={error.fields} />, 422);
    }
  });
}

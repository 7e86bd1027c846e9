import type { FastifyInstance } from 'fastify';
import { LoginPage } from '../../views/accounts/login-page.js';
import { FormInput } from '../http/form-input.js';
import { safeRedirectPath } from '../http/redirect-target.js';
import { pageContext, sendPage } from '../http/render.js';
import { clearSessionCookie, needsSetup, SESSION_COOKIE, setSessionCookie } from '../http/session-auth.js';
import { authenticate } from './account-service.js';
import { createSession, revokeSession } from './session-store.js';
import { signInLimit } from './sign-in-limit.js';

const HOME = '/reviews';

export async function sessionRoutes(app: FastifyInstance) {
  const limited = signInLimit(app, { max: app.config.loginAttemptsPerWindow, minutes: app.config.loginWindowMinutes });

  app.get('/login', async (request, reply) => {
    if (await needsSetup(app)) return reply.redirect('/setup', 303);
    const next = safeRedirectPath((request.query as Record<string, unknown>).next) ?? HOME;
    if (request.account) return reply.redirect(next, 303);
    return sendPage(reply, <LoginPage ctx={pageContext(request, reply)} email="" next={next} />);
  });

  app.post('/login', async (request, reply) => {
    const form = new FormInput(request.body);
    const email = form.text('email', { label: 'E-mail', max: 254 }).toLowerCase();
    const password = form.text('password', { label: 'Password', max: 1000, trim: false });
    const next = safeRedirectPath((request.body as Record<string, unknown> | undefined)?.next) ?? HOME;
    const account = email && password ? await limited(request, () => authenticate(app.db, email, password)) : undefined;
    if (!account) {
      const error = 'That e-mail and password do not match an active account.';
      return sendPage(reply, <LoginPage ctx={pageContext(request, reply)} email={email} next={next} error={error} />, 401);
    }
    setSessionCookie(app, reply, await createSession(app.db, account.id, app.config.sessionDays));
    return reply.redirect(next, 303);
  });

  app.post('/logout', async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await revokeSession(app.db, token);
    clearSessionCookie(reply);
    return reply.redirect('/login', 303);
  });
}

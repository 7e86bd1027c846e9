import csrf from '@fastify/csrf-protection';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createHmac } from 'node:crypto';
import { ForbiddenError } from '../domain-errors.js';
import { cookieOptions } from './cookie-options.js';
import { SESSION_COOKIE } from './session-auth.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function submittedToken(request: FastifyRequest): string | undefined {
  const header = request.headers['x-csrf-token'];
  if (typeof header === 'string') return header;
  const body = request.body as Record<string, unknown> | undefined;
  return typeof body?._csrf === 'string' ? body._csrf : undefined;
}

/**
 * What a token is bound to: the signed-in session, or "no session yet" on the first-run and sign-in
 * forms. The secret cookie alone can be planted (by a sibling subdomain, or on a plain-HTTP LAN)
 * together with the planter's own token; a token issued in the planter's session is refused in the
 * victim's. The session-auth hook has resolved `request.account` by the time tokens are made or checked.
 */
function sessionBinding(request: FastifyRequest): string {
  return request.account ? `session:${request.cookies[SESSION_COOKIE]}` : 'no-session';
}

/**
 * CSRF protection on every unsafe request, htmx and multipart ones included: a token bound to the
 * session (@fastify/csrf-protection's userInfo, keyed by a key derived from the instance secret),
 * checked against the signed secret cookie. Before any session exists, only the browser can tell
 * a forged form from ours: requests it marks as sent from another site (Fetch Metadata) are refused.
 */
export async function registerCsrf(app: FastifyInstance): Promise<void> {
  await app.register(csrf, {
    cookieKey: 'cv_csrf',
    cookieOpts: { ...cookieOptions(app.config), signed: true },
    getToken: submittedToken,
    getUserInfo: sessionBinding,
    csrfOpts: { hmacKey: createHmac('sha256', app.config.sessionSecret).update('coreview csrf tokens').digest() },
  });
  // One token per response: each generateCsrf() signs and sets the secret cookie again, and a
  // page asks for the token in several places (layout, forms, fragments).
  app.addHook('onRequest', (request, reply, done) => {
    const generate = reply.generateCsrf.bind(reply);
    let token: string | undefined;
    reply.generateCsrf = () => (token ??= generate({ userInfo: sessionBinding(request) }));
    done();
  });
  // preHandler runs after body parsing, so form fields (urlencoded and multipart) are available.
  app.addHook('preHandler', (request, reply, done) => {
    if (SAFE_METHODS.has(request.method)) return done();
    const site = request.headers['sec-fetch-site'];
    if (site === 'cross-site' || site === 'same-site') {
      return done(new ForbiddenError('This form did not come from Coreview. Open Coreview itself and try again.'));
    }
    app.csrfProtection(request, reply, done);
  });
}

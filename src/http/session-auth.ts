import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { anyAccountExists } from '../accounts/account-repository.js';
import { findSessionAccount } from '../accounts/session-store.js';
import { cookieOptions } from './cookie-options.js';
import { htmxPagePath, isHtmx, redirectAfterPost } from './htmx.js';

export const SESSION_COOKIE = 'cv_session';

/**
 * Resolves the session cookie to an account on every request. A revoked session (logout) or a
 * disabled account simply finds nothing, so the request is anonymous from then on.
 */
export const sessionAuth = fp(
  async (app: FastifyInstance) => {
    app.decorateRequest('account', null);
    app.decorateRequest('review', null);
    app.addHook('onRequest', async (request) => {
      const token = request.cookies[SESSION_COOKIE];
      request.account = token ? ((await findSessionAccount(app.db, token)) ?? null) : null;
    });
  },
  { name: 'session-auth', dependencies: ['db'] },
);

export function setSessionCookie(app: FastifyInstance, reply: FastifyReply, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions(app.config), maxAge: app.config.sessionDays * 86_400 });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, cookieOptions(reply.server.config));
}

// Once an account exists it always will (accounts are disabled, never deleted), so remember it per database.
const databasesWithAccounts = new WeakSet<object>();

/** Whether the first-run page should still be offered. */
export async function needsSetup(app: FastifyInstance): Promise<boolean> {
  if (databasesWithAccounts.has(app.db)) return false;
  if (!(await anyAccountExists(app.db))) return true;
  databasesWithAccounts.add(app.db);
  return false;
}

/** Where a person changes their password. */
export const PASSWORD_PAGE = '/account';

/**
 * onRequest hook: anonymous visitors are sent to sign in (or to first-run setup on a new install).
 * It runs before the CSRF check (a preHandler), so a page whose session has ended since (signed out
 * in another tab) is led to sign in and back instead of refused for its old session's token.
 * Only the page where a temporary password is replaced uses it alone; the rest use requireAccount.
 */
export async function requireSignedIn(this: FastifyInstance, request: FastifyRequest, reply: FastifyReply) {
  if (request.account) return;
  // htmx would follow a plain redirect and swap the sign-in page into the part of the page it
  // targets, so it is sent to the sign-in page as a whole (HX-Redirect), coming back to that page.
  if (await needsSetup(this)) return redirectAfterPost(request, reply, '/setup');
  const back = isHtmx(request) ? htmxPagePath(request) : request.method === 'GET' ? request.url : undefined;
  const next = back ? `?next=${encodeURIComponent(back)}` : '';
  return redirectAfterPost(request, reply, `/login${next}`);
}

/**
 * onRequest hook: signed in, with a password of one's own. Someone whose password an owner set (a
 * new person, a reset) is sent to choose their own before anything else: the owner knows the
 * temporary one.
 */
export async function requireAccount(this: FastifyInstance, request: FastifyRequest, reply: FastifyReply) {
  if (!request.account) return requireSignedIn.call(this, request, reply);
  if (request.account.passwordTemporary) return redirectAfterPost(request, reply, PASSWORD_PAGE);
}

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

/**
 * One-time tokens for the forms that create something (an excerpt, a code, a criterion, a review…),
 * so that a double click or a resent request creates one row, not two (./create-once.ts).
 *
 * A token is signed for the person, the review and the path the form posts to, with the time it
 * was issued, so nothing is stored when a page is shown: the token is checked by its signature,
 * and stored only once used. A token signed for another form, review or person is refused, and so
 * is one older than a session lasts (the page it came from could not post by then anyway, since
 * CSRF tokens are bound to the session): used tokens are therefore kept only that long.
 *
 * ```tsx
 * const add = creatingForm(request, `${studyBase}/excerpts`);   // in the route, into the model
 * <form method="post" action={add.action}><FormTokenField form={add} />…</form>   // in the view
 * ```
 */

/** The form field that carries the token. */
export const FORM_TOKEN_FIELD = '_once';

/** Where a creating form posts, and the one-time token signed for it. */
export interface CreatingForm {
  action: string;
  token: string;
}

/** What a token is signed for. */
export interface TokenScope {
  accountId: number;
  reviewId: number | null;
  /** The path the form posts to. */
  form: string;
}

/** A token that was issued for the scope it was sent to: its random part names the submission. */
export interface CheckedToken extends TokenScope {
  nonce: string;
}

/** How long a token is accepted, and a used one kept: as long as a session lasts. */
export const tokenLifetimeMs = (sessionDays: number) => sessionDays * 86_400_000;

/** A token sent to a form it was not issued for (or not by this server): refused, 400. */
export class FormTokenError extends Error {
  readonly statusCode = 400;
  constructor() {
    super('This form was sent from another page or is out of date, so nothing was saved. Reload the page and try again.');
  }
}

function signature(secret: string, scope: TokenScope, nonce: string, issued: string): Buffer {
  return createHmac('sha256', secret).update(['coreview-form-token', scope.accountId, scope.reviewId ?? '', scope.form, nonce, issued].join('\n')).digest();
}

/** `nonce.issued.signature`, issued in milliseconds since the epoch, base 36. */
export function issueToken(secret: string, scope: TokenScope, now = Date.now()): string {
  const nonce = randomBytes(16).toString('base64url');
  const issued = now.toString(36);
  return `${nonce}.${issued}.${signature(secret, scope, nonce, issued).toString('base64url')}`;
}

/** The token's random part when it was signed for this scope less than `lifetimeMs` ago; undefined otherwise. */
export function checkToken(secret: string, scope: TokenScope, token: string, lifetimeMs: number, now = Date.now()): string | undefined {
  const [nonce, issued, mac, extra] = token.split('.');
  if (!nonce || !issued || !mac || extra !== undefined || !/^[\w-]{22}$/.test(nonce) || !/^[0-9a-z]{1,11}$/.test(issued)) return undefined;
  const age = now - parseInt(issued, 36);
  if (!(age < lifetimeMs)) return undefined;
  const expected = signature(secret, scope, nonce, issued);
  const given = Buffer.from(mac, 'base64url');
  return given.length === expected.length && timingSafeEqual(given, expected) ? nonce : undefined;
}

function scopeOf(request: FastifyRequest, form: string): TokenScope {
  if (!request.account) throw new Error('Form tokens are for signed-in people.');
  return { accountId: request.account.id, reviewId: request.review?.id ?? null, form };
}

/** A creating form posting to `action`, with a fresh token for the person viewing it. */
export function creatingForm(request: FastifyRequest, action: string): CreatingForm {
  return { action, token: issueToken(request.server.config.sessionSecret, scopeOf(request, action)) };
}

/**
 * The token this request carries, checked against the path it was posted to; undefined when it
 * carries none (a request that did not come from a Coreview form, such as a script's, creates as
 * asked). A token issued for anything else throws FormTokenError.
 */
export function submittedToken(request: FastifyRequest): CheckedToken | undefined {
  const value = (request.body as Record<string, unknown> | undefined)?.[FORM_TOKEN_FIELD];
  if (value === undefined) return undefined;
  const scope = scopeOf(request, request.url.split('?')[0]!);
  const { sessionSecret, sessionDays } = request.server.config;
  const nonce = typeof value === 'string' ? checkToken(sessionSecret, scope, value, tokenLifetimeMs(sessionDays)) : undefined;
  if (nonce === undefined) throw new FormTokenError();
  return { ...scope, nonce };
}

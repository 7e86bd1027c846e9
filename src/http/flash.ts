import type { FastifyReply, FastifyRequest } from 'fastify';
import { cookieOptions } from './cookie-options.js';

const COOKIE = 'cv_flash';

/** A one-line confirmation shown on the next page after a redirect ("Review created."). */
export function setFlash(reply: FastifyReply, message: string): void {
  reply.setCookie(COOKIE, message.slice(0, 300), { ...cookieOptions(reply.server.config), signed: true, maxAge: 60 });
}

/** Reads and clears the flash message, if a valid one is present. */
export function takeFlash(request: FastifyRequest, reply: FastifyReply): string | null {
  const raw = request.cookies[COOKIE];
  if (raw === undefined) return null;
  reply.clearCookie(COOKIE, cookieOptions(reply.server.config));
  const unsigned = request.unsignCookie(raw);
  return unsigned.valid ? unsigned.value : null;
}

import type { CookieSerializeOptions } from '@fastify/cookie';
import type { Config } from '../config.js';

/**
 * The attributes every Coreview cookie carries, set and cleared alike: scripts cannot read it, other
 * sites' forms do not send it, and behind HTTPS (COREVIEW_SECURE_COOKIES) it never travels in clear.
 */
export function cookieOptions(config: Pick<Config, 'secureCookies'>): CookieSerializeOptions {
  return { path: '/', httpOnly: true, sameSite: 'lax', secure: config.secureCookies };
}

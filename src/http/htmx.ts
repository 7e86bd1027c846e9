import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Every HX-* header Coreview reads or writes lives here.
 *
 * A request wants a fragment only when htmx targets part of the page; boosted navigation and
 * history restores send HX-Request too but want the whole page (HX-Request-Type: full).
 */
export function wantsFragment(request: FastifyRequest): boolean {
  return request.headers['hx-request'] === 'true' && request.headers['hx-request-type'] === 'partial';
}

export function isHtmx(request: FastifyRequest): boolean {
  return request.headers['hx-request'] === 'true';
}

/** The same URL answers with a page or a fragment, so caches must key on these headers. */
export function varyOnHtmx(reply: FastifyReply): void {
  reply.header('Vary', 'HX-Request, HX-Request-Type');
}

/** Sends an error message to the page's alert region instead of the request's own target. */
export function retargetToAlerts(reply: FastifyReply): void {
  reply.header('HX-Retarget', '#alerts');
  reply.header('HX-Reswap', 'innerHTML');
}

/** The path (and query) of the page an htmx request came from, when it is on this site. */
export function htmxPagePath(request: FastifyRequest): string | undefined {
  const header = request.headers['hx-current-url'];
  if (typeof header !== 'string') return undefined;
  try {
    const url = new URL(header);
    return url.host === request.headers.host ? url.pathname + url.search : undefined;
  } catch {
    return undefined;
  }
}

/** After an unsafe request: htmx follows HX-Redirect with a full load; a plain form gets 303. */
export function redirectAfterPost(request: FastifyRequest, reply: FastifyReply, url: string): FastifyReply {
  if (isHtmx(request)) return reply.header('HX-Redirect', url).code(204).send();
  return reply.redirect(url, 303);
}

/** The address htmx puts in the browser history for this response, instead of the request's own URL. */
export function pushUrl(reply: FastifyReply, url: string): void {
  reply.header('HX-Push-Url', url);
}

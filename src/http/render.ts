import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { PageContext } from '../../views/page-context.js';
import { takeFlash } from './flash.js';
import { varyOnHtmx } from './htmx.js';

export function pageContext(request: FastifyRequest, reply: FastifyReply): PageContext {
  return {
    account: request.account,
    csrfToken: reply.generateCsrf(),
    flash: takeFlash(request, reply),
    path: request.url.split('?')[0] ?? '/',
  };
}

/** Renders a full page (preact escapes every interpolated value) and sends it. */
export function sendPage(reply: FastifyReply, page: VNode, status = 200): FastifyReply {
  varyOnHtmx(reply);
  return reply.code(status).type('text/html; charset=utf-8').send('<!doctype html>' + renderToString(page));
}

/** Sends a fragment: the same view function the full page uses for that region. */
export function sendFragment(reply: FastifyReply, fragment: VNode, status = 200): FastifyReply {
  varyOnHtmx(reply);
  return reply.code(status).type('text/html; charset=utf-8').send(renderToString(fragment));
}

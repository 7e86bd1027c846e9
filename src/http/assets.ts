import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const ASSETS_DIR = fileURLToPath(new URL('../../views/assets/', import.meta.url));
// htmx comes from node_modules, never a CDN: pages work on an offline LAN and under a strict CSP.
const HTMX_FILE = createRequire(import.meta.url).resolve('htmx.org/dist/htmx.min.js');

export async function assetRoutes(app: FastifyInstance) {
  const htmx = readFileSync(HTMX_FILE);
  app.get('/assets/htmx.min.js', async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('Cache-Control', 'public, max-age=86400').send(htmx),
  );
  // Browsers and feed readers ask for /favicon.ico whatever the page links: the same icon, not a 404.
  const icon = readFileSync(`${ASSETS_DIR}favicon.svg`);
  app.get('/favicon.ico', async (_request, reply) => reply.type('image/svg+xml').header('Cache-Control', 'public, max-age=86400').send(icon));
  await app.register(fastifyStatic, { root: ASSETS_DIR, prefix: '/assets/', maxAge: '1h', decorateReply: false });
}

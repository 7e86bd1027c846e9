import type { FastifyInstance } from 'fastify';

class NulCharacter extends Error {
  readonly statusCode = 400;
}

const holdsNul = (value: unknown, depth = 0): boolean => {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 4 || value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return false;
  return Object.values(value).some((inner) => holdsNul(inner, depth + 1));
};

/**
 * Refuses a request whose address, query or form fields hold U+0000 (NUL) with a 400, before any
 * route sees it. No field has a use for it, and PostgreSQL cannot store it in text (SQLite stored it
 * silently): one rule on both databases, rather than a 500 on one of them.
 */
export function registerNulGuard(app: FastifyInstance): void {
  app.addHook('preHandler', async (request) => {
    if (holdsNul(request.params) || holdsNul(request.query) || holdsNul(request.body)) {
      throw new NulCharacter('The request holds a NUL character (U+0000), which no field may contain. Remove it and send the form again.');
    }
  });
}

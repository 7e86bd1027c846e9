import type { FastifyInstance } from 'fastify';

class NulCharacter extends Error {
  readonly statusCode = 400;
}

const NUL = '\u0000';

const holdsNul = (value: unknown, depth = 0): boolean => {
  if (typeof value === 'string') return value.includes(NUL);
  if (depth > 4 || value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return false;
  return Object.values(value).some((inner) => holdsNul(inner, depth + 1));
};

/** The query with NUL removed from its values (a query's values are a string or a list of them). */
function withoutNul(query: Record<string, unknown>): Record<string, unknown> {
  const clean = (value: unknown): unknown => (typeof value === 'string' ? value.replaceAll(NUL, '') : Array.isArray(value) ? value.map(clean) : value);
  return Object.fromEntries(Object.entries(query).map(([name, value]) => [name, clean(value)]));
}

/**
 * No field has a use for U+0000 (NUL), and PostgreSQL cannot store it in text (SQLite stored it
 * silently), so one rule holds on both databases before any route runs: a form or an address that
 * holds it is refused with a 400 that says so; a query string is read leniently, as the rest of
 * it is (src/http/query-values.ts), with the character dropped.
 */
export function registerNulGuard(app: FastifyInstance): void {
  app.addHook('preHandler', async (request) => {
    if (holdsNul(request.params) || holdsNul(request.body)) {
      throw new NulCharacter('The request holds a NUL character (U+0000), which no field may contain. Remove it and send the form again.');
    }
    if (holdsNul(request.query)) request.query = withoutNul(request.query as Record<string, unknown>);
  });
}

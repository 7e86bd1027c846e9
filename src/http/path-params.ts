import type { FastifyRequest } from 'fastify';
import { NotFoundError } from '../domain-errors.js';
import { positiveInt } from './query-values.js';

/**
 * A positive whole-number id from the URL path (`/records/:id`), or a 404 saying what is missing:
 * a malformed id names nothing that exists, the same as an unknown one.
 */
export function pathId(request: FastifyRequest, name: string, notFound: string): number {
  const raw = (request.params as Record<string, unknown>)[name];
  const id = typeof raw === 'string' ? positiveInt(raw) : null;
  if (id === null) throw new NotFoundError(notFound);
  return id;
}

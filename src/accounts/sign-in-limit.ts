import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

class TooManySignIns extends Error {
  readonly statusCode = 429;
}

// Keyed by address and e-mail: one person mistyping does not lock out the rest of an office behind
// the same NAT, and a guesser cannot lock out an account from elsewhere.
function signInKey(request: FastifyRequest): string {
  const email = (request.body as Record<string, unknown> | undefined)?.email;
  return `${request.ip}|${typeof email === 'string' ? email.trim().toLowerCase() : ''}`;
}

/**
 * Runs sign-in attempts under a limit of `max` failures per address and e-mail in `minutes`, counted
 * in the database so that every Coreview process on it shares one count. Only failures count: an
 * owner who signs in on several devices a day is never locked out by ordinary use.
 *
 * An attempt first takes a place under the limit — a failure row, written in a write transaction
 * after counting the key's recent ones — and gives it back if the password was right. So a burst of
 * parallel guesses, sent to one process or to several, cannot all pass the check before the first
 * is counted; a process killed mid-attempt leaves it counted as a failure, the cautious side.
 */
export function signInLimit(app: FastifyInstance, { max, minutes }: { max: number; minutes: number }) {
  const windowMs = minutes * 60_000;

  /** The attempt's result; undefined (a failure, counted) when it found no account. Throws a 429 past the limit. */
  return async function limited<T>(request: FastifyRequest, attempt: () => Promise<T | undefined>): Promise<T | undefined> {
    const place = await takePlace(app.db, signInKey(request), max, windowMs);
    if (place === null) {
      throw new TooManySignIns(`Too many sign-in attempts. Wait ${minutes} minutes and try again, or ask the owner to reset your password.`);
    }
    const result = await attempt();
    if (result !== undefined) await app.db.deleteFrom('signInFailure').where('id', '=', place).execute();
    return result;
  };
}

/** Records a provisional failure for `key` and returns its id; null when the key has no place left in the window. */
async function takePlace(db: Kysely<Database>, key: string, max: number, windowMs: number): Promise<number | null> {
  const now = Date.now();
  const since = new Date(now - windowMs).toISOString();
  return db.transaction().execute(async (trx) => {
    // Every key's old failures go: the table holds only those inside the window, a handful.
    await trx.deleteFrom('signInFailure').where('at', '<', since).execute();
    const { n } = await trx.selectFrom('signInFailure').select((eb) => eb.fn.countAll<number>().as('n')).where('key', '=', key).executeTakeFirstOrThrow();
    if (n >= max) return null;
    const row = await trx.insertInto('signInFailure').values({ key, at: new Date(now).toISOString() }).returning('id').executeTakeFirstOrThrow();
    return row.id;
  });
}

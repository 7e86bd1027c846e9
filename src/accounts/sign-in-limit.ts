import type { FastifyInstance, FastifyRequest } from 'fastify';

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
 * Runs sign-in attempts under a limit of `max` failures per address and e-mail in `minutes`. Only
 * failures count (@fastify/rate-limit's store, consumed only on a failure): an owner who signs in
 * on several devices a day is never locked out by ordinary use. Attempts with one key run one at
 * a time, so a burst of parallel guesses cannot all pass the check before the first is counted.
 */
export function signInLimit(app: FastifyInstance, { max, minutes }: { max: number; minutes: number }) {
  const failures = app.createRateLimit({ max, timeWindow: minutes * 60_000, keyGenerator: signInKey });
  const queues = new Map<string, Promise<unknown>>();

  async function checked<T>(request: FastifyRequest, attempt: () => Promise<T | undefined>): Promise<T | undefined> {
    const status = await failures(request, { increment: false });
    if (!status.isAllowed && status.remaining === 0) {
      throw new TooManySignIns(`Too many sign-in attempts. Wait ${minutes} minutes and try again, or ask the owner to reset your password.`);
    }
    const result = await attempt();
    if (result === undefined) await failures(request);
    return result;
  }

  /** The attempt's result; undefined (a failure, counted) when it found no account. Throws a 429 past the limit. */
  return function limited<T>(request: FastifyRequest, attempt: () => Promise<T | undefined>): Promise<T | undefined> {
    const key = signInKey(request);
    const run = () => checked(request, attempt);
    const result = (queues.get(key) ?? Promise.resolve()).then(run, run);
    const settled = result.catch(() => undefined);
    queues.set(key, settled);
    void settled.then(() => {
      if (queues.get(key) === settled) queues.delete(key);
    });
    return result;
  };
}

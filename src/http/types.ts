import type { Kysely } from 'kysely';
import type { Account } from '../accounts/account-repository.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { Database } from '../db/schema.js';
import type { JobRunner } from '../jobs/job-runner.js';
import type { MemberReview } from '../reviews/review-repository.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    db: Kysely<Database>;
    /** The open database behind `db`, for the few modules that work with one dialect. */
    database: Db;
    /** Runs queued jobs (imports, duplicate checks) in worker threads; wake() it after queueing one. */
    jobs: JobRunner;
  }
  interface FastifyRequest {
    /** The signed-in account, or null. Set by the session hook on every request. */
    account: Account | null;
    /** Set by the review-access hook on /reviews/:slug routes, after membership is checked. */
    review: MemberReview | null;
  }
}

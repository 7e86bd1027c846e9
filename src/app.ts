import Fastify, { type FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { accountRoutes } from './accounts/account-routes.js';
import { deleteExpiredSessions } from './accounts/session-store.js';
import { peopleRoutes } from './accounts/people-routes.js';
import { sessionRoutes } from './accounts/session-routes.js';
import { setupRoutes } from './accounts/setup-routes.js';
import { instanceAuditRoutes } from './audit/audit-routes.js';
import type { Config } from './config.js';
import { openMigratedDatabase } from './db/open-database.js';
import { assetRoutes } from './http/assets.js';
import { healthRoutes } from './http/health-routes.js';
import { dbPlugin } from './http/db-plugin.js';
import { sweepTempDir } from './http/temp-files.js';
import { registerErrorHandlers } from './http/errors.js';
import { security } from './http/security.js';
import { sessionAuth } from './http/session-auth.js';
import './http/types.js';
import { dedupJobKind } from './dedup/dedup-job-kind.js';
import { importJobKinds } from './imports/import-job-kinds.js';
import { sweepStaging } from './imports/import-uploads.js';
import { jobsPlugin } from './jobs/jobs-plugin.js';
import { rankerPlugin } from './ranker/ranker-plugin.js';
import { invitationRoutes } from './reviews/invitation-routes.js';
import { reviewRoutes } from './reviews/review-routes.js';

export interface AppOptions {
  /** Pino logger options, or false for none (tests). Defaults to the configured level. */
  logger?: boolean | { level: string };
}

/**
 * Builds the application without listening: opens the database, applies pending migrations (a
 * failure throws MigrationError and leaves the file untouched), then registers plugins and routes.
 */
export async function buildApp(config: Config, options: AppOptions = {}): Promise<FastifyInstance> {
  const db = await openMigratedDatabase(config.database);
  await deleteExpiredSessions(db.kysely);
  // Uploads half-received when a previous run stopped (only processes that are gone: others may
  // share the data dir); previews and imports in progress are kept.
  await sweepTempDir(config.dataDir);
  await sweepStaging(db.kysely, config.dataDir);

  const app = Fastify({
    logger: options.logger ?? { level: config.logLevel },
    trustProxy: config.trustProxy,
    bodyLimit: config.formBodyLimitBytes,
    // Reject ambiguous requests rather than guess: /a//b and /a/ are not /a/b.
    routerOptions: { ignoreDuplicateSlashes: false, maxParamLength: 200 },
  });
  app.register(fp(async (instance) => { instance.decorate('config', config); }, { name: 'config' }));
  app.register(dbPlugin, { db });
  app.register(jobsPlugin, { db, kinds: [...importJobKinds(config), dedupJobKind] });
  app.register(rankerPlugin, { db });
  app.register(security);
  app.register(sessionAuth);
  registerErrorHandlers(app);

  app.register(healthRoutes, { db });
  app.register(assetRoutes);
  app.register(setupRoutes);
  app.register(sessionRoutes);
  app.register(accountRoutes);
  app.register(peopleRoutes);
  app.register(instanceAuditRoutes);
  app.register(reviewRoutes);
  app.register(invitationRoutes);

  await app.ready();
  return app;
}

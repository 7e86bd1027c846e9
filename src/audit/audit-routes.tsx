import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AuditPage } from '../../views/audit/audit-page.js';
import { ForbiddenError } from '../domain-errors.js';
import { pageContext, sendPage } from '../http/render.js';
import { currentReview, requireReviewOwner } from '../http/review-access.js';
import { requireAccount } from '../http/session-auth.js';
import { AUDIT_PAGE_SIZE, listAudit, type AuditView } from './audit-queries.js';

function beforeId(request: FastifyRequest): number | undefined {
  const raw = (request.query as { before?: string }).before;
  const id = Number(raw);
  return raw !== undefined && Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

function olderUrl(path: string, events: AuditView[]): string | null {
  return events.length === AUDIT_PAGE_SIZE ? `${path}?before=${events[events.length - 1]!.id}` : null;
}

/** A review's history, for its owners. Registered inside the /reviews/:slug scope. */
export async function auditRoutes(app: FastifyInstance) {
  app.get('/audit', { preHandler: requireReviewOwner }, async (request, reply) => {
    const review = currentReview(request);
    const events = await listAudit(app.db, { reviewId: review.id }, beforeId(request));
    const nav = { slug: review.slug, title: review.title, isOwner: true, section: 'audit' as const };
    return sendPage(reply, <AuditPage ctx={pageContext(request, reply)} events={events} olderUrl={olderUrl(`/reviews/${review.slug}/audit`, events)} review={nav} />);
  });
}

/** Instance-level events (accounts), for the instance owner. */
export async function instanceAuditRoutes(app: FastifyInstance) {
  app.get('/audit', { onRequest: requireAccount }, async (request, reply) => {
    if (!request.account?.isOwner) throw new ForbiddenError('Only the owner of this Coreview sees the account history.');
    const events = await listAudit(app.db, { instance: true }, beforeId(request));
    return sendPage(reply, <AuditPage ctx={pageContext(request, reply)} events={events} olderUrl={olderUrl('/audit', events)} />);
  });
}

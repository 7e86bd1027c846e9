import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { AuditPage, type AuditEntry, type AuditFilterForm } from '../../views/audit/audit-page.js';
import type { Database } from '../db/schema.js';
import { ForbiddenError } from '../domain-errors.js';
import { firstValue, positiveInt } from '../http/query-values.js';
import { pageContext, sendPage } from '../http/render.js';
import { currentReview, requireReviewOwner } from '../http/review-access.js';
import { requireAccount } from '../http/session-auth.js';
import { loadAuditNames } from './audit-names.js';
import { AUDIT_PAGE_SIZE, auditActors, listAudit, type AuditFilter, type AuditScope, type AuditView } from './audit-queries.js';
import { AUDIT_KINDS, describeAudit, type AuditKind } from './audit-sentences.js';

/** The person filter's value for events nobody signed in made (the command line, an upgrade). */
const COREVIEW = 'coreview';

/** The filters as asked in the query string; what makes no sense reads as no filter. */
function readFilter(request: FastifyRequest): { filter: AuditFilter; form: AuditFilterForm } {
  const query = request.query as Record<string, unknown>;
  const actorText = firstValue(query.actor).trim();
  const kindText = firstValue(query.kind).trim();
  const record = positiveInt(firstValue(query.record).replace(/^\s*#/, ''));
  const actor = actorText === COREVIEW ? null : (positiveInt(actorText) ?? undefined);
  const kind = Object.hasOwn(AUDIT_KINDS, kindText) ? (kindText as AuditKind) : undefined;
  return {
    filter: { actor, kind, record: record ?? undefined },
    form: { actor: actor === undefined ? '' : actor === null ? COREVIEW : String(actor), kind: kind ?? '', record: record === null ? '' : String(record) },
  };
}

/** The link to the next (older) page keeps the filters. */
function olderUrl(path: string, form: AuditFilterForm, events: AuditView[]): string | null {
  if (events.length < AUDIT_PAGE_SIZE) return null;
  const params = new URLSearchParams(Object.entries(form).filter(([, value]) => value !== ''));
  params.set('before', String(events[events.length - 1]!.id));
  return `${path}?${params}`;
}

function beforeId(request: FastifyRequest): number | undefined {
  return positiveInt(firstValue((request.query as { before?: unknown }).before)) ?? undefined;
}

const parsed = (json: string | null): unknown => {
  if (json === null) return null;
  try {
    return JSON.parse(json);
  } catch {
    return null;
  }
};

/** One page of history as sentences, and who may be chosen in the person filter. */
async function auditPage(db: Kysely<Database>, scope: AuditScope, request: FastifyRequest, path: string) {
  const { filter, form } = readFilter(request);
  const [events, actors] = await Promise.all([listAudit(db, scope, filter, beforeId(request)), auditActors(db, scope)]);
  const names = await loadAuditNames(db, 'reviewId' in scope ? scope.reviewId : null, events);
  const entries: AuditEntry[] = events.map((e) => ({
    id: e.id,
    at: e.at,
    who: e.actorId === null ? 'Coreview' : (e.actorName ?? 'A removed account'),
    sentence: describeAudit({ action: e.action, entity: e.entity, entityId: e.entityId, before: parsed(e.before), after: parsed(e.after) }, names).sentence,
  }));
  const people = actors.map((a) => ({ value: a.id === null ? COREVIEW : String(a.id), label: a.id === null ? 'Coreview (command line, upgrades)' : a.name }));
  return { entries, people, form, filtered: Object.values(form).some((v) => v !== ''), olderUrl: olderUrl(path, form, events) };
}

/** A review's history, for its owners. Registered inside the /reviews/:slug scope. */
export async function auditRoutes(app: FastifyInstance) {
  app.get('/audit', { preHandler: requireReviewOwner }, async (request, reply) => {
    const review = currentReview(request);
    const path = `/reviews/${review.slug}/audit`;
    const model = await auditPage(app.db, { reviewId: review.id }, request, path);
    const nav = { slug: review.slug, title: review.title, isOwner: true, section: 'audit' as const };
    return sendPage(reply, <AuditPage ctx={pageContext(request, reply)} model={{ ...model, path, recordsUrl: `/reviews/${review.slug}/records` }} review={nav} />);
  });
}

/** Instance-level events (accounts), for the instance owner. */
export async function instanceAuditRoutes(app: FastifyInstance) {
  app.get('/audit', { onRequest: requireAccount }, async (request, reply) => {
    if (!request.account?.isOwner) throw new ForbiddenError('Only the owner of this Coreview sees the account history.');
    const model = await auditPage(app.db, { instance: true }, request, '/audit');
    return sendPage(reply, <AuditPage ctx={pageContext(request, reply)} model={{ ...model, path: '/audit', recordsUrl: null }} />);
  });
}

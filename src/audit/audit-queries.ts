import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export interface AuditView {
  id: number;
  at: string;
  actorName: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  before: string | null;
  after: string | null;
}

export const AUDIT_PAGE_SIZE = 100;

/** Newest first, keyset-paged by id. `reviewId` null lists instance-level events (accounts). */
export async function listAudit(
  db: Kysely<Database>,
  scope: { reviewId: number } | { instance: true },
  beforeId?: number,
): Promise<AuditView[]> {
  let query = db
    .selectFrom('auditEvent')
    .leftJoin('account', 'account.id', 'auditEvent.actorId')
    .select([
      'auditEvent.id',
      'auditEvent.at',
      'account.name as actorName',
      'auditEvent.action',
      'auditEvent.entity',
      'auditEvent.entityId',
      'auditEvent.beforeJson as before',
      'auditEvent.afterJson as after',
    ])
    .orderBy('auditEvent.id', 'desc')
    .limit(AUDIT_PAGE_SIZE);
  query = 'reviewId' in scope
    ? query.where('auditEvent.reviewId', '=', scope.reviewId)
    : query.where('auditEvent.reviewId', 'is', null);
  if (beforeId !== undefined) query = query.where('auditEvent.id', '<', beforeId);
  return query.execute();
}

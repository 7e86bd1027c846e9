import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export interface AuditEntry {
  actorId: number | null;
  reviewId?: number | null;
  /** What happened, as `entity.verb`: `review.update`, `member.add`, `account.disable`. */
  action: string;
  entity: string;
  entityId?: string | number | null;
  before?: unknown;
  after?: unknown;
}

/** Appends one event. Call it inside the transaction that makes the change, so both land or neither. */
export async function recordAudit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await auditInsert(db, entry).execute();
}

/** The INSERT of one event, for a caller that runs it itself (a review import's synchronous transaction). */
export function auditInsert(db: Kysely<Database>, entry: AuditEntry) {
  return db.insertInto('auditEvent').values({
    at: new Date().toISOString(),
    actorId: entry.actorId,
    reviewId: entry.reviewId ?? null,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId == null ? null : String(entry.entityId),
    beforeJson: entry.before === undefined ? null : JSON.stringify(entry.before),
    afterJson: entry.after === undefined ? null : JSON.stringify(entry.after),
  });
}

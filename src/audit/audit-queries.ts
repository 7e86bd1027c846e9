import { jsonArrayHasObjectWith, jsonInteger } from '../db/json-sql.js';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/schema.js';
import { actionsOfKind, type AuditKind } from './audit-sentences.js';

export interface AuditView {
  id: number;
  at: string;
  actorId: number | null;
  actorName: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  before: string | null;
  after: string | null;
}

/** What the history is narrowed to: who (null: Coreview itself), which kind of change, which record. */
export interface AuditFilter {
  actor?: number | null;
  kind?: AuditKind;
  record?: number;
}

export type AuditScope = { reviewId: number } | { instance: true };

export const AUDIT_PAGE_SIZE = 100;

function scoped(db: Kysely<Database>, scope: AuditScope) {
  const query = db.selectFrom('auditEvent');
  return 'reviewId' in scope ? query.where('auditEvent.reviewId', '=', scope.reviewId) : query.where('auditEvent.reviewId', 'is', null);
}

/**
 * Events that concern a record: on it (a decision, its full text, its codes), an excerpt of it, a
 * merge or a duplicate pair it is part of.
 */
function concernsRecord(db: Kysely<Database>, id: number) {
  const recordIdIn = (column: RawBuilder<unknown>) => jsonInteger(db, column, 'recordId');
  return sql<boolean>`(
    (audit_event.entity IN ('record', 'study', 'full_text') AND audit_event.entity_id = ${String(id)})
    OR (audit_event.entity = 'excerpt' AND ${id} IN (${recordIdIn(sql`audit_event.after_json`)}, ${recordIdIn(sql`audit_event.before_json`)}))
    OR (audit_event.entity = 'merge_event' AND audit_event.entity_id IN (
      SELECT CAST(m.id AS TEXT) FROM merge_event m
      WHERE m.primary_id = ${id} OR ${jsonArrayHasObjectWith(db, sql`m.links_json`, 'id', id)}))
    OR (audit_event.entity = 'duplicate_pair' AND audit_event.entity_id IN (
      SELECT CAST(p.id AS TEXT) FROM duplicate_pair p WHERE p.record_a = ${id} OR p.record_b = ${id}))
  )`;
}

/** Newest first, keyset-paged by id. `instance` lists instance-level events (accounts). */
export async function listAudit(db: Kysely<Database>, scope: AuditScope, filter: AuditFilter = {}, beforeId?: number): Promise<AuditView[]> {
  let query = scoped(db, scope)
    .leftJoin('account', 'account.id', 'auditEvent.actorId')
    .select([
      'auditEvent.id',
      'auditEvent.at',
      'auditEvent.actorId',
      'account.name as actorName',
      'auditEvent.action',
      'auditEvent.entity',
      'auditEvent.entityId',
      'auditEvent.beforeJson as before',
      'auditEvent.afterJson as after',
    ])
    .orderBy('auditEvent.id', 'desc')
    .limit(AUDIT_PAGE_SIZE);
  if (filter.actor !== undefined) query = query.where('auditEvent.actorId', filter.actor === null ? 'is' : '=', filter.actor);
  if (filter.kind !== undefined) query = query.where('auditEvent.action', 'in', actionsOfKind(filter.kind));
  if (filter.record !== undefined) query = query.where(concernsRecord(db, filter.record));
  if (beforeId !== undefined) query = query.where('auditEvent.id', '<', beforeId);
  return query.execute();
}

/** Everyone who appears in the history (null: Coreview itself), for the person filter. */
export async function auditActors(db: Kysely<Database>, scope: AuditScope): Promise<Array<{ id: number | null; name: string }>> {
  const rows = await scoped(db, scope)
    .leftJoin('account', 'account.id', 'auditEvent.actorId')
    .select(['auditEvent.actorId as id', 'account.name'])
    .distinct()
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name ?? 'Coreview' })).sort((a, b) => Number(a.id === null) - Number(b.id === null) || a.name.localeCompare(b.name));
}

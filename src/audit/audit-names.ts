import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { AuditView } from './audit-queries.js';
import type { AuditNames } from './audit-sentences.js';

const idsOf = (events: readonly AuditView[], entities: readonly string[]) =>
  [...new Set(events.filter((e) => entities.includes(e.entity) && e.entityId !== null && /^\d+$/.test(e.entityId)).map((e) => Number(e.entityId)))];

/**
 * The names a page of history shows for the ids its events hold: people added or changed, and the
 * review's reasons, criteria, codes and fields as they are now (one small query each).
 */
export async function loadAuditNames(db: Kysely<Database>, reviewId: number | null, events: readonly AuditView[]): Promise<AuditNames> {
  const people = idsOf(events, ['member', 'account']);
  for (const e of events) {
    const arbiter = e.action === 'screening.settings' && e.after ? (JSON.parse(e.after) as { arbiterId?: unknown }).arbiterId : null;
    if (typeof arbiter === 'number') people.push(arbiter);
  }
  const pairs = idsOf(events, ['duplicate_pair']);
  const byReview = <T>(run: (id: number) => Promise<T[]>) => (reviewId === null ? Promise.resolve([] as T[]) : run(reviewId));
  const [accounts, reasons, criteria, codes, fields, pairRows] = await Promise.all([
    people.length === 0 ? [] : db.selectFrom('account').select(['id', 'name']).where('id', 'in', people).execute(),
    byReview((id) => db.selectFrom('exclusionReason').select(['id', 'text as name']).where('reviewId', '=', id).execute()),
    byReview((id) => db.selectFrom('criterion').select(['id', 'text as name']).where('reviewId', '=', id).execute()),
    byReview((id) => db.selectFrom('code').select(['id', 'name']).where('reviewId', '=', id).execute()),
    byReview((id) => db.selectFrom('extractionField').select(['id', 'label as name']).where('reviewId', '=', id).execute()),
    pairs.length === 0 || reviewId === null ? [] : db.selectFrom('duplicatePair').select(['id', 'recordA', 'recordB']).where('reviewId', '=', reviewId).where('id', 'in', pairs).execute(),
  ]);
  const named = (rows: ReadonlyArray<{ id: number; name: string }>) => new Map(rows.map((r) => [r.id, r.name]));
  return {
    accounts: named(accounts),
    reasons: named(reasons),
    criteria: named(criteria),
    codes: named(codes),
    fields: named(fields),
    pairs: new Map(pairRows.map((p) => [p.id, [p.recordA, p.recordB] as const])),
  };
}

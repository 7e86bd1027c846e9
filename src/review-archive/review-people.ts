import { randomBytes } from 'node:crypto';
import { hashPassword } from '../accounts/passwords.js';
import { auditInsert } from '../audit/audit-log.js';
import type { Kysely } from 'kysely';
import { ArchiveError } from '../archive/archive-error.js';
import type { Database } from '../db/schema.js';
import { rowsOf, type Steps } from './archive-query.js';
import { EXPORTED_TABLES } from './review-tables.js';
import { accountIdQueries } from './table-sql.js';

/** A person as a review archive carries them: who, never a password. */
export interface ArchivedPerson {
  id: number;
  email: string;
  name: string;
  disabled: boolean;
}

/** Everyone a review's rows name: its members, creator, every actor, reviewer and arbiter. */
export function* peopleOfReview(reviewId: number, createdBy: number): Steps<ArchivedPerson[]> {
  const ids = new Set<number>([createdBy]);
  for (const spec of EXPORTED_TABLES) {
    const columns = Object.entries(spec.refs ?? {}).filter(([, target]) => target === 'account').map(([column]) => column);
    for (const query of accountIdQueries(spec, columns, reviewId)) {
      for (const { id } of yield* rowsOf<{ id: unknown }>(query)) if (typeof id === 'number') ids.add(id);
    }
  }
  // Removed members appear in the history by id only.
  const members = yield* rowsOf<{ id: number }>({ sql: "SELECT DISTINCT CAST(entity_id AS INTEGER) AS id FROM audit_event WHERE review_id = ? AND entity = 'member'", parameters: [reviewId] });
  for (const { id } of members) ids.add(Number(id));
  const rows = yield* rowsOf<{ id: number; email: string; name: string; disabled_at: string | null }>({ sql: 'SELECT id, email, name, disabled_at FROM account ORDER BY id', parameters: [] });
  return rows.filter((r) => ids.has(r.id)).map((r) => ({ id: r.id, email: r.email, name: r.name, disabled: r.disabled_at !== null }));
}

export function checkedPerson(value: unknown, line: number): ArchivedPerson {
  const p = value as Partial<ArchivedPerson> | null;
  const ok = typeof p === 'object' && p !== null && Number.isSafeInteger(p.id) && p.id! > 0
    && typeof p.email === 'string' && /^[^\s@]+@[^\s@]+$/.test(p.email) && p.email.length <= 320
    && typeof p.name === 'string' && p.name.length <= 200;
  if (!ok) throw new ArchiveError(`The archive is damaged: people.jsonl, line ${line} is not a person`);
  return { id: p.id!, email: p.email!, name: p.name!, disabled: p.disabled === true };
}

/** Matches people by e-mail; returns the ids of those this instance has, and who it lacks. */
export function* matchPeople(kysely: Kysely<Database>, people: readonly ArchivedPerson[]): Steps<{ known: Map<number, number>; unknown: ArchivedPerson[] }> {
  const known = new Map<number, number>();
  const unknown: ArchivedPerson[] = [];
  for (const person of people) {
    // account.email is COLLATE NOCASE (citext on PostgreSQL): Ada@Example.org is ada@example.org.
    const [row] = yield* rowsOf<{ id: number }>(kysely.selectFrom('account').select('id').where('email', '=', person.email));
    if (row) known.set(person.id, row.id);
    else unknown.push(person);
  }
  return { known, unknown };
}

/** A hash of a password nobody knows: the account exists for the history, and cannot sign in. */
export function unusablePasswordHash(): Promise<string> {
  return hashPassword(randomBytes(32).toString('base64url'));
}

/**
 * Adds the people this instance lacks, disabled, each with an unusable password and the id given
 * to them beforehand: the review's history keeps their names, and the instance owner decides
 * whether they get in. Steps of the import's transaction.
 */
export function* addDisabledPeople(kysely: Kysely<Database>, people: ReadonlyArray<{ person: ArchivedPerson; id: number; passwordHash: string }>, actorId: number | null, slug: string): Steps<void> {
  const now = new Date().toISOString();
  for (const { person, id, passwordHash } of people) {
    yield kysely.insertInto('account').values({ id, email: person.email, name: person.name, passwordHash, isOwner: 0, passwordTemporary: 1, disabledAt: now, createdAt: now });
    yield auditInsert(kysely, { actorId, action: 'account.add', entity: 'account', entityId: id, after: { email: person.email, name: person.name, disabled: true, from: `review archive (${slug})` } });
  }
}

import { randomBytes } from 'node:crypto';
import { hashPassword } from '../accounts/passwords.js';
import { auditInsert } from '../audit/audit-log.js';
import type { SqliteDb as Db } from '../db/database.js';
import type { Sqlite } from '../db/open.js';
import { ArchiveError } from '../archive/archive-error.js';
import { EXPORTED_TABLES } from './review-tables.js';
import { runCompiled } from './run-compiled.js';
import { accountIdsIn } from './table-sql.js';

/** A person as a review archive carries them: who, never a password. */
export interface ArchivedPerson {
  id: number;
  email: string;
  name: string;
  disabled: boolean;
}

/** Everyone a review's rows name: its members, creator, every actor, reviewer and arbiter. */
export function peopleOfReview(sqlite: Sqlite, reviewId: number, createdBy: number): ArchivedPerson[] {
  const ids = new Set<number>([createdBy]);
  for (const spec of EXPORTED_TABLES) {
    const columns = Object.entries(spec.refs ?? {}).filter(([, target]) => target === 'account').map(([column]) => column);
    for (const id of accountIdsIn(sqlite, spec, columns, reviewId)) ids.add(id);
  }
  // Removed members appear in the history by id only.
  const members = sqlite.prepare("SELECT DISTINCT CAST(entity_id AS INTEGER) FROM audit_event WHERE review_id = ? AND entity = 'member'").pluck().all(reviewId) as number[];
  for (const id of members) ids.add(id);
  const rows = sqlite.prepare('SELECT id, email, name, disabled_at FROM account ORDER BY id').all() as Array<{ id: number; email: string; name: string; disabled_at: string | null }>;
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
export function matchPeople(db: Db, people: readonly ArchivedPerson[]): { known: Map<number, number>; unknown: ArchivedPerson[] } {
  const known = new Map<number, number>();
  const unknown: ArchivedPerson[] = [];
  for (const person of people) {
    // account.email is COLLATE NOCASE: Ada@Example.org is ada@example.org.
    const [row] = runCompiled(db.sqlite, db.kysely.selectFrom('account').select('id').where('email', '=', person.email));
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
 * whether they get in. Synchronous, inside the import's transaction.
 */
export function addDisabledPeople(db: Db, people: ReadonlyArray<{ person: ArchivedPerson; id: number; passwordHash: string }>, actorId: number | null, slug: string): void {
  const now = new Date().toISOString();
  for (const { person, id, passwordHash } of people) {
    runCompiled(db.sqlite, db.kysely.insertInto('account').values({ id, email: person.email, name: person.name, passwordHash, isOwner: 0, passwordTemporary: 1, disabledAt: now, createdAt: now }));
    runCompiled(db.sqlite, auditInsert(db.kysely, { actorId, action: 'account.add', entity: 'account', entityId: id, after: { email: person.email, name: person.name, disabled: true, from: `review archive (${slug})` } }));
  }
}

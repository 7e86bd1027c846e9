import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit-log.js';
import { inTransaction } from '../db/in-transaction.js';
import type { Database } from '../db/schema.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../domain-errors.js';
import {
  anyAccountExists,
  findAccount,
  findAccountRowByEmail,
  insertAccount,
  setAccountDisabled,
  setAccountPassword,
  toAccount,
  type Account,
} from './account-repository.js';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.js';
import { revokeAccountSessions } from './session-store.js';

export interface PersonInput {
  email: string;
  name: string;
  password: string;
}

function assertPassword(password: string, field = 'password'): void {
  const problem = passwordProblem(password);
  if (problem) throw new ValidationError({ [field]: problem });
}

function auditView(account: Pick<Account, 'email' | 'name'>) {
  return { email: account.email, name: account.name };
}

/** Creates the instance owner. Refused once any account exists, so the first-run page cannot be replayed. */
export async function createOwner(db: Kysely<Database>, input: PersonInput): Promise<number> {
  assertPassword(input.password);
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    if (await anyAccountExists(trx)) throw new ForbiddenError('The owner account already exists.');
    const id = await insertAccount(trx, { ...input, passwordHash, isOwner: true, passwordTemporary: false });
    await recordAudit(trx, { actorId: id, action: 'account.create_owner', entity: 'account', entityId: id, after: auditView(input) });
    return id;
  });
}

/** A person to add, their temporary password hashed already (hashedPerson). */
export interface NewPerson {
  email: string;
  name: string;
  passwordHash: string;
}

/** Checks and hashes the password: slow on purpose, so done before addPerson's write transaction, never in it. */
export async function hashedPerson(input: PersonInput): Promise<NewPerson> {
  assertPassword(input.password);
  return { email: input.email, name: input.name, passwordHash: await hashPassword(input.password) };
}

/** The owner adds a person with a temporary password (no mail is sent; they are told in person). */
export async function addPerson(db: Kysely<Database>, actor: Account | null, person: NewPerson): Promise<number> {
  if (actor && !actor.isOwner) throw new ForbiddenError('Only the owner can add people.');
  return inTransaction(db, async (trx) => {
    if (await findAccountRowByEmail(trx, person.email)) {
      throw new ValidationError({ email: `An account with ${person.email} already exists.` });
    }
    const id = await insertAccount(trx, { ...person, isOwner: false, passwordTemporary: true });
    await recordAudit(trx, { actorId: actor?.id ?? null, action: 'account.add', entity: 'account', entityId: id, after: auditView(person) });
    return id;
  });
}

/** Disabling revokes every session of the account at once. */
export async function setDisabled(db: Kysely<Database>, actor: Account | null, accountId: number, disabled: boolean): Promise<void> {
  if (actor && !actor.isOwner) throw new ForbiddenError('Only the owner can disable accounts.');
  if (actor && actor.id === accountId) throw new ValidationError({ account: 'You cannot disable your own account.' });
  await db.transaction().execute(async (trx) => {
    const target = await findAccount(trx, accountId);
    if (!target) throw new NotFoundError('No such account.');
    if (target.isOwner) throw new ValidationError({ account: 'The owner account cannot be disabled.' });
    if (target.disabled === disabled) return;
    await setAccountDisabled(trx, accountId, disabled);
    if (disabled) await revokeAccountSessions(trx, accountId);
    await recordAudit(trx, {
      actorId: actor?.id ?? null,
      action: disabled ? 'account.disable' : 'account.enable',
      entity: 'account',
      entityId: accountId,
      before: { disabled: target.disabled },
      after: { disabled },
    });
  });
}

/**
 * The owner (or the command line, `actor` null, for any account the owner's included) sets a new
 * temporary password for someone who lost theirs: every session of that account ends, and they
 * must choose their own at their next sign-in.
 */
export async function resetPassword(db: Kysely<Database>, actor: Account | null, accountId: number, password: string): Promise<void> {
  if (actor && !actor.isOwner) throw new ForbiddenError('Only the owner can reset passwords.');
  if (actor && actor.id === accountId) throw new ValidationError({ password: 'Change your own password on your account page.' });
  assertPassword(password);
  const passwordHash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    if (!(await findAccount(trx, accountId))) throw new NotFoundError('No such account.');
    await setAccountPassword(trx, accountId, passwordHash, true);
    await revokeAccountSessions(trx, accountId);
    await recordAudit(trx, { actorId: actor?.id ?? null, action: 'account.reset_password', entity: 'account', entityId: accountId });
  });
}

/** The account for these credentials, or undefined (wrong password, unknown e-mail or disabled). */
export async function authenticate(db: Kysely<Database>, email: string, password: string): Promise<Account | undefined> {
  const row = await findAccountRowByEmail(db, email);
  const ok = await verifyPassword(row?.passwordHash ?? null, password);
  if (!row || !ok || row.disabledAt !== null) return undefined;
  return toAccount(row);
}

export async function changePassword(db: Kysely<Database>, account: Account, current: string, next: string): Promise<void> {
  const row = await findAccountRowByEmail(db, account.email);
  if (!row || !(await verifyPassword(row.passwordHash, current))) {
    throw new ValidationError({ current: 'That is not your current password.' });
  }
  assertPassword(next, 'password');
  if (next === current) {
    const whose = account.passwordTemporary ? 'the temporary one the owner set' : 'your current one';
    throw new ValidationError({ password: `Choose a new password, not ${whose}.` });
  }
  const passwordHash = await hashPassword(next);
  // A new password ends every session (a stolen cookie stops working); the caller signs this one in again.
  await db.transaction().execute(async (trx) => {
    await setAccountPassword(trx, account.id, passwordHash, false);
    await revokeAccountSessions(trx, account.id);
    await recordAudit(trx, { actorId: account.id, action: 'account.change_password', entity: 'account', entityId: account.id });
  });
}

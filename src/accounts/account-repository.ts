import type { Kysely } from 'kysely';
import type { AccountRow, Database } from '../db/schema.js';

export interface Account {
  id: number;
  email: string;
  name: string;
  isOwner: boolean;
  passwordTemporary: boolean;
  disabled: boolean;
  createdAt: string;
}

export function toAccount(row: AccountRow): Account {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    isOwner: row.isOwner === 1,
    passwordTemporary: row.passwordTemporary === 1,
    disabled: row.disabledAt !== null,
    createdAt: row.createdAt,
  };
}

export async function anyAccountExists(db: Kysely<Database>): Promise<boolean> {
  return (await db.selectFrom('account').select('id').limit(1).executeTakeFirst()) !== undefined;
}

export function findAccountRowByEmail(db: Kysely<Database>, email: string): Promise<AccountRow | undefined> {
  // The email column is COLLATE NOCASE, so this matches regardless of case.
  return db.selectFrom('account').selectAll().where('email', '=', email).executeTakeFirst();
}

export async function findAccount(db: Kysely<Database>, id: number): Promise<Account | undefined> {
  const row = await db.selectFrom('account').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toAccount(row);
}

export async function listAccounts(db: Kysely<Database>): Promise<Account[]> {
  const rows = await db.selectFrom('account').selectAll().orderBy('name').orderBy('id').execute();
  return rows.map(toAccount);
}

export interface NewAccount {
  email: string;
  name: string;
  passwordHash: string;
  isOwner: boolean;
  passwordTemporary: boolean;
}

export async function insertAccount(db: Kysely<Database>, account: NewAccount): Promise<number> {
  const { id } = await db
    .insertInto('account')
    .values({
      email: account.email,
      name: account.name,
      passwordHash: account.passwordHash,
      isOwner: account.isOwner ? 1 : 0,
      passwordTemporary: account.passwordTemporary ? 1 : 0,
      createdAt: new Date().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function setAccountDisabled(db: Kysely<Database>, id: number, disabled: boolean): Promise<void> {
  await db
    .updateTable('account')
    .set({ disabledAt: disabled ? new Date().toISOString() : null })
    .where('id', '=', id)
    .execute();
}

export async function setAccountPassword(
  db: Kysely<Database>,
  id: number,
  passwordHash: string,
  temporary: boolean,
): Promise<void> {
  await db
    .updateTable('account')
    .set({ passwordHash, passwordTemporary: temporary ? 1 : 0 })
    .where('id', '=', id)
    .execute();
}

/** The instance owner, who acts for the command line where an account is needed (creating a review). */
export async function findInstanceOwner(db: Kysely<Database>): Promise<Account | undefined> {
  const row = await db.selectFrom('account').selectAll().where('isOwner', '=', 1).orderBy('id').executeTakeFirst();
  return row && toAccount(row);
}

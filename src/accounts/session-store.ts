import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { toAccount, type Account } from './account-repository.js';
import { prepared, type Param } from '../db/prepared.js';

// Only a hash of the token is stored, so a leaked database or backup cannot be replayed as a login.
function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export async function createSession(db: Kysely<Database>, accountId: number, days: number): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const now = new Date();
  await db
    .insertInto('session')
    .values({
      tokenHash: hashToken(token),
      accountId,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + days * 86_400_000).toISOString(),
    })
    .execute();
  return token;
}

/** The account behind a session token, if the session is live and the account not disabled. */
// Every request asks this: compiled once.
const sessionAccount = prepared((db, param: Param<{ tokenHash: string; now: string }>) =>
  db
    .selectFrom('session')
    .innerJoin('account', 'account.id', 'session.accountId')
    .selectAll('account')
    .where('session.tokenHash', '=', param('tokenHash'))
    .where('session.expiresAt', '>', param('now'))
    .where('account.disabledAt', 'is', null),
);

export async function findSessionAccount(db: Kysely<Database>, token: string): Promise<Account | undefined> {
  const [row] = await sessionAccount(db, { tokenHash: hashToken(token), now: new Date().toISOString() });
  return row && toAccount(row);
}

export async function revokeSession(db: Kysely<Database>, token: string): Promise<void> {
  await db.deleteFrom('session').where('tokenHash', '=', hashToken(token)).execute();
}

export async function revokeAccountSessions(db: Kysely<Database>, accountId: number): Promise<void> {
  await db.deleteFrom('session').where('accountId', '=', accountId).execute();
}

export async function deleteExpiredSessions(db: Kysely<Database>): Promise<void> {
  await db.deleteFrom('session').where('expiresAt', '<=', new Date().toISOString()).execute();
}

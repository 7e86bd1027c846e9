import {
  CompiledQuery,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type SqliteDialectConfig,
  type TransactionSettings,
} from 'kysely';
import type { WriteTurns } from './write-turns.js';

/**
 * Kysely's SQLite dialect with one change: a transaction takes SQLite's write lock when it begins
 * (`BEGIN IMMEDIATE`), unless it was opened `.setAccessMode('read only')`.
 *
 * Kysely begins with a plain (deferred) `BEGIN`. A deferred transaction that reads and then writes
 * while another connection (an import or duplicate-check worker, the CLI) holds the write lock
 * cannot wait for it: SQLite fails the upgrade at once with SQLITE_BUSY (or SQLITE_BUSY_SNAPSHOT
 * when the other connection committed since the read), whatever the busy timeout. Taking the lock
 * up front makes the busy timeout apply, so writes wait their turn instead of answering 500.
 * While it waits, the connection counts as waiting in `turns`, so background writers of this
 * process let it go first at their next chunk (./write-turns.ts).
 *
 * A rollback is skipped when SQLite has already rolled the transaction back by itself (a full disk
 * at COMMIT does that): Kysely's ROLLBACK would then fail with "no transaction is active" and that
 * error would replace the one that says what happened.
 *
 * ```ts
 * await db.transaction().execute(async (trx) => { ... });                          // waits for the write lock
 * await db.transaction().setAccessMode('read only').execute((trx) => counts(trx)); // one consistent read, no lock
 * ```
 */
export class WriteLockingSqliteDialect extends SqliteDialect {
  readonly #config: WriteLockingConfig;

  constructor(config: WriteLockingConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new WriteLockingSqliteDriver(this.#config);
  }
}

interface WriteLockingConfig extends SqliteDialectConfig {
  turns: WriteTurns;
  /** Whether the connection is inside a transaction right now (better-sqlite3's `inTransaction`). */
  inTransaction: () => boolean;
}

class WriteLockingSqliteDriver extends SqliteDriver {
  readonly #config: WriteLockingConfig;

  constructor(config: WriteLockingConfig) {
    super(config);
    this.#config = config;
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (this.#config.inTransaction()) await super.rollbackTransaction(connection);
  }

  override async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings = {}): Promise<void> {
    if (settings.accessMode === 'read only') {
      await connection.executeQuery(CompiledQuery.raw('begin'));
      return;
    }
    // better-sqlite3 runs the statement synchronously, so the promise is already settled when
    // whileWaiting returns: the wait for the lock happens inside it.
    await this.#config.turns.whileWaiting(() => connection.executeQuery(CompiledQuery.raw('begin immediate')));
  }
}

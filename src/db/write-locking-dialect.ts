import {
  CompiledQuery,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type SqliteDialectConfig,
  type TransactionSettings,
} from 'kysely';

/**
 * Kysely's SQLite dialect with one change: a transaction takes SQLite's write lock when it begins
 * (`BEGIN IMMEDIATE`), unless it was opened `.setAccessMode('read only')`.
 *
 * Kysely begins with a plain (deferred) `BEGIN`. A deferred transaction that reads and then writes
 * while another connection (an import or duplicate-check worker, the CLI) holds the write lock
 * cannot wait for it: SQLite fails the upgrade at once with SQLITE_BUSY (or SQLITE_BUSY_SNAPSHOT
 * when the other connection committed since the read), whatever the busy timeout. Taking the lock
 * up front makes the busy timeout apply, so writes wait their turn instead of answering 500.
 *
 * ```ts
 * await db.transaction().execute(async (trx) => { ... });                          // waits for the write lock
 * await db.transaction().setAccessMode('read only').execute((trx) => counts(trx)); // one consistent read, no lock
 * ```
 */
export class WriteLockingSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new WriteLockingSqliteDriver(this.#config);
  }
}

class WriteLockingSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(settings.accessMode === 'read only' ? 'begin' : 'begin immediate'));
  }
}

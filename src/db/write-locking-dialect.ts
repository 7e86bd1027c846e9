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
 * ```ts
 * await db.transaction().execute(async (trx) => { ... });                          // waits for the write lock
 * await db.transaction().setAccessMode('read only').execute((trx) => counts(trx)); // one consistent read, no lock
 * ```
 */
export class WriteLockingSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  readonly #turns: WriteTurns;

  constructor(config: SqliteDialectConfig & { turns: WriteTurns }) {
    super(config);
    this.#config = config;
    this.#turns = config.turns;
  }

  override createDriver(): Driver {
    return new WriteLockingSqliteDriver(this.#config, this.#turns);
  }
}

class WriteLockingSqliteDriver extends SqliteDriver {
  readonly #turns: WriteTurns;

  constructor(config: SqliteDialectConfig, turns: WriteTurns) {
    super(config);
    this.#turns = turns;
  }

  override async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings = {}): Promise<void> {
    if (settings.accessMode === 'read only') {
      await connection.executeQuery(CompiledQuery.raw('begin'));
      return;
    }
    // better-sqlite3 runs the statement synchronously, so the promise is already settled when
    // whileWaiting returns: the wait for the lock happens inside it.
    await this.#turns.whileWaiting(() => connection.executeQuery(CompiledQuery.raw('begin immediate')));
  }
}

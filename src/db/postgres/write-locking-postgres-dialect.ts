import { CompiledQuery, PostgresDialect, PostgresDriver, type DatabaseConnection, type Driver, type PostgresDialectConfig, type TransactionSettings } from 'kysely';

/**
 * The advisory lock every write transaction holds, the same for every Coreview process on the
 * database: (namespace, key) — 'CV' in ASCII, then 1 for "the write lock".
 */
const WRITE_LOCK = 'select pg_advisory_xact_lock(17238, 1)';

/**
 * Kysely's PostgreSQL dialect with SQLite's write discipline: a transaction that may write takes one
 * lock, shared by every process on the database, when it begins, and holds it to its end; a read
 * only transaction takes none and reads one snapshot.
 *
 * Coreview's services were written for SQLite, where a write transaction runs alone (`BEGIN
 * IMMEDIATE`, write-locking-dialect.ts): they read, decide and write — "does this record still need a
 * decision?", "is this slug free?" — and are correct because nobody writes in between. Under
 * PostgreSQL's READ COMMITTED each of those would be a race between two app servers. One advisory
 * lock keeps every service correct unchanged, at the cost SQLite already pays: writes take turns
 * (a decision holds it for a few milliseconds; long writers work in chunks, each its own
 * transaction). PostgreSQL queues lock waiters in order, so a background writer's next chunk waits
 * behind the requests that asked first. Reads, which are most of the work, run in parallel. A writer
 * waits at most its connection's lock_timeout, as SQLite's busy timeout (open-postgres.ts).
 *
 * ```ts
 * await db.transaction().execute(async (trx) => { ... });                          // waits for the write lock
 * await db.transaction().setAccessMode('read only').execute((trx) => counts(trx)); // one snapshot, no lock
 * ```
 */
export class WriteLockingPostgresDialect extends PostgresDialect {
  readonly #config: PostgresDialectConfig;

  constructor(config: PostgresDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new WriteLockingPostgresDriver(this.#config);
  }
}

class WriteLockingPostgresDriver extends PostgresDriver {
  override async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings = {}): Promise<void> {
    if (settings.accessMode === 'read only') {
      await connection.executeQuery(CompiledQuery.raw('start transaction isolation level repeatable read read only'));
      return;
    }
    await connection.executeQuery(CompiledQuery.raw('begin'));
    try {
      await connection.executeQuery(CompiledQuery.raw(WRITE_LOCK));
    } catch (error) {
      // Kysely rolls back only a transaction whose begin succeeded: without this the connection would
      // go back to the pool inside an aborted transaction and fail everything sent to it next.
      await connection.executeQuery(CompiledQuery.raw('rollback')).catch(() => undefined);
      throw error;
    }
  }
}

import { CamelCasePlugin, Kysely } from 'kysely';
import pg from 'pg';
import type { PostgresDb } from '../database.js';
import { DatabaseOpenError, DEFAULT_BUSY_TIMEOUT_MS } from '../open.js';
import type { Database } from '../schema.js';
import { WriteTurns } from '../write-turns.js';
import { WriteLockingPostgresDialect } from './write-locking-postgres-dialect.js';

// The schema keeps SQLite's shapes: ids and counts are bigint (int8), sums of them numeric. The
// code reads them as numbers, as better-sqlite3 gives them; no Coreview count nears 2^53.
const INT8 = 20;
const NUMERIC = 1700;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8) return (value: string) => Number(value);
    if (oid === NUMERIC) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  }) as typeof pg.types.getTypeParser,
};

export interface PostgresOptions {
  readonly url: string;
  readonly poolSize: number;
  /** The turns of the thread that started this worker; a new set otherwise. */
  readonly turns?: WriteTurns;
  /** Shown in pg_stat_activity, so a database administrator can tell Coreview's connections apart. */
  readonly applicationName?: string;
  /** How long a statement waits for a lock (the write lock above all), as SQLite's busy timeout. */
  readonly lockWaitMs?: number;
}

/**
 * Limits every session sets, so that one stuck process cannot stop every other from writing: a
 * transaction left idle (a paused process) is ended after five minutes, and a client the network
 * lost is noticed within about a minute (rather than the system's two hours); either way its
 * write lock is released. Five minutes leaves room for the longest pause a transaction of ours
 * makes on purpose (an export written to a slow client inside its read snapshot).
 */
const sessionSettings = (lockWaitMs: number) =>
  [`lock_timeout=${lockWaitMs}`, 'idle_in_transaction_session_timeout=300000', 'tcp_keepalives_idle=30', 'tcp_keepalives_interval=10', 'tcp_keepalives_count=3']
    .map((setting) => `-c ${setting}`)
    .join(' ');

/** Opens a pool on the PostgreSQL database at `url` and checks that it answers. */
export async function openPostgres(options: PostgresOptions): Promise<PostgresDb> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize,
    types,
    application_name: options.applicationName ?? 'coreview',
    connectionTimeoutMillis: 10_000,
    keepAlive: true,
    options: sessionSettings(options.lockWaitMs ?? DEFAULT_BUSY_TIMEOUT_MS),
  });
  // An idle connection the server dropped (a restart, a failover) must not end the process.
  pool.on('error', () => undefined);
  try {
    await pool.query('select 1');
  } catch (error) {
    await pool.end();
    throw new DatabaseOpenError(`Cannot reach the PostgreSQL database ${redacted(options.url)}: ${(error as Error).message}`, { cause: error });
  }
  const kysely = new Kysely<Database>({ dialect: new WriteLockingPostgresDialect({ pool }), plugins: [new CamelCasePlugin()] });
  return {
    kind: 'postgres',
    pool,
    kysely,
    turns: options.turns ?? WriteTurns.create(),
    // Kysely's destroy() ends the pool only if Kysely has used it; code that used only the pool
    // (migrations, the copy) would otherwise keep the process alive for the pool's idle timeout.
    close: async () => {
      await kysely.destroy();
      if (!pool.ended) await pool.end();
    },
  };
}

/** The URL without its password, for messages and logs. */
export function redacted(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(an unreadable URL)';
  }
}

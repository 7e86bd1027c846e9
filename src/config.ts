import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DatabaseLocation } from './db/database.js';

export interface Config {
  readonly port: number;
  readonly host: string;
  /** Holds the database, uploaded originals and the generated session secret. */
  readonly dataDir: string;
  /** The embedded SQLite file under the data dir (its own backups and checkpoints use it). */
  readonly databaseFile: string;
  /** The database in use: that file, or the PostgreSQL database COREVIEW_DATABASE_URL names. */
  readonly database: DatabaseLocation;
  /** Signs cookies (the CSRF secret cookie). Generated into the data dir on first start. */
  readonly sessionSecret: string;
  /** Set only behind HTTPS: plain-HTTP LAN installs must not mark cookies Secure. */
  readonly secureCookies: boolean;
  readonly trustProxy: boolean;
  readonly logLevel: string;
  readonly sessionDays: number;
  readonly loginAttemptsPerWindow: number;
  readonly loginWindowMinutes: number;
  readonly formBodyLimitBytes: number;
  readonly uploadLimitBytes: number;
  readonly uploadFilesLimit: number;
  /** Largest full-text PDF one record may be given. */
  readonly pdfLimitBytes: number;
  /** How long reading one upload (or committing it) may take before its worker is stopped. */
  readonly importTimeLimitMs: number;
}

export class ConfigError extends Error {}

/** pino's levels: anything else (say `verbose`) would make the logger throw at start-up. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

type Env = Record<string, string | undefined>;

/** Reads the environment once into a frozen, typed Config. Creates the data dir. */
export function loadConfig(env: Env = process.env): Config {
  const dataDir = resolve(env.COREVIEW_DATA_DIR ?? './data');
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'EEXIST' ? 'is a file, not a folder' : `cannot be created (${(error as NodeJS.ErrnoException).code})`;
    throw new ConfigError(`COREVIEW_DATA_DIR ${dataDir} ${reason}`);
  }
  const databaseFile = join(dataDir, 'coreview.sqlite');
  return Object.freeze({
    port: integer(env, 'PORT', 3000, 0, 65535),
    host: env.HOST || '127.0.0.1', // empty (HOST= in an env file) means the default, as for the other variables
    dataDir,
    databaseFile,
    database: databaseLocation(env, databaseFile),
    sessionSecret: env.COREVIEW_SESSION_SECRET ?? readOrCreateSecret(dataDir),
    secureCookies: flag(env, 'COREVIEW_SECURE_COOKIES'),
    trustProxy: flag(env, 'COREVIEW_TRUST_PROXY'),
    logLevel: oneOf(env, 'COREVIEW_LOG_LEVEL', LOG_LEVELS, 'info'),
    sessionDays: integer(env, 'COREVIEW_SESSION_DAYS', 14, 1, 365),
    loginAttemptsPerWindow: integer(env, 'COREVIEW_LOGIN_ATTEMPTS', 10, 1, 10_000),
    loginWindowMinutes: integer(env, 'COREVIEW_LOGIN_WINDOW_MINUTES', 15, 1, 1440),
    formBodyLimitBytes: 1024 * 1024,
    uploadLimitBytes: integer(env, 'COREVIEW_UPLOAD_LIMIT_MB', 256, 1, 4096) * 1024 * 1024,
    uploadFilesLimit: integer(env, 'COREVIEW_UPLOAD_FILES', 20, 1, 1000),
    pdfLimitBytes: integer(env, 'COREVIEW_PDF_LIMIT_MB', 50, 1, 4096) * 1024 * 1024,
    importTimeLimitMs: integer(env, 'COREVIEW_IMPORT_TIME_LIMIT_SECONDS', 300, 1, 86_400) * 1000,
  });
}

/** SQLite under the data dir unless COREVIEW_DATABASE_URL names a PostgreSQL database. */
function databaseLocation(env: Env, file: string): DatabaseLocation {
  const url = env.COREVIEW_DATABASE_URL;
  if (url === undefined || url === '') return { kind: 'sqlite', file };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError('COREVIEW_DATABASE_URL must be a URL such as postgres://coreview:secret@db.example.org:5432/coreview');
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new ConfigError(`COREVIEW_DATABASE_URL must start with postgres:// (PostgreSQL is the only database server Coreview uses), not ${parsed.protocol}//`);
  }
  if (parsed.pathname.length <= 1) throw new ConfigError('COREVIEW_DATABASE_URL must name the database, as in postgres://host:5432/coreview');
  return { kind: 'postgres', url, poolSize: integer(env, 'COREVIEW_DATABASE_POOL_SIZE', 10, 1, 500) };
}

function readOrCreateSecret(dataDir: string): string {
  const file = join(dataDir, 'session-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  // Written whole under a name of its own, then linked into place: a process starting at the same
  // moment (several share one data dir) never reads a secret half written.
  const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(draft, secret + '\n', { mode: 0o600, flag: 'wx' });
  try {
    linkSync(draft, file);
    return secret;
  } catch (error) {
    // Another process linked its secret first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8').trim();
    throw error;
  } finally {
    rmSync(draft, { force: true });
  }
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, not "${raw}"`);
  }
  return value;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, not "${raw}"`);
  return raw as T;
}

function flag(env: Env, name: string): boolean {
  const raw = (env[name] ?? '').toLowerCase();
  if (['', '0', 'false', 'no'].includes(raw)) return false;
  if (['1', 'true', 'yes'].includes(raw)) return true;
  throw new ConfigError(`${name} must be true or false, not "${env[name]}"`);
}

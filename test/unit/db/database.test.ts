import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listMigrations, migrate, MIGRATIONS_DIR, MigrationError } from '../../../src/db/migrate.js';
import { DatabaseOpenError, openSqlite } from '../../../src/db/open.js';

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('database', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'coreview-db-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('opens with WAL, full sync, foreign keys and a busy timeout', () => {
    const sqlite = openSqlite(join(dir, 'a.sqlite'));
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(sqlite.pragma('synchronous', { simple: true })).toBe(2);
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(sqlite.pragma('busy_timeout', { simple: true })).toBeGreaterThanOrEqual(5000);
    sqlite.close();
  });

  it('says clearly when the file is not a database', () => {
    const file = join(dir, 'junk.sqlite');
    writeFileSync(file, 'this is not sqlite'.repeat(100));
    expect(() => openSqlite(file)).toThrow(DatabaseOpenError);
    expect(() => openSqlite(file)).toThrow(/not a database/);
  });

  it('applies every migration once, and knows when it is up to date', () => {
    const sqlite = openSqlite(join(dir, 'a.sqlite'));
    expect(migrate(sqlite)).toEqual(listMigrations().map((m) => m.name));
    expect(migrate(sqlite)).toEqual([]);
    sqlite.close();
  });

  it('leaves the file byte-for-byte unchanged when a migration fails', () => {
    const file = join(dir, 'a.sqlite');
    const first = openSqlite(file);
    migrate(first);
    first.prepare("INSERT INTO account (email, name, password_hash, created_at) VALUES ('a@b.cd', 'A', 'x', 'now')").run();
    first.close();
    const before = sha256(file);

    const migrations = join(dir, 'migrations');
    copyDir(MIGRATIONS_DIR, migrations);
    writeFileSync(join(migrations, '9001_adds_a_table.sql'), 'CREATE TABLE harmless (id INTEGER);');
    writeFileSync(join(migrations, '9002_broken.sql'), 'ALTER TABLE account ADD COLUMN nickname TEXT;\nCREATE TABLE oops (;');

    const second = openSqlite(file);
    expect(() => migrate(second, migrations)).toThrow(MigrationError);
    expect(() => migrate(second, migrations)).toThrow(/9002_broken failed, so no migration was applied/);
    expect(second.prepare("SELECT name FROM sqlite_master WHERE name IN ('harmless', 'oops')").all()).toEqual([]);
    second.close();
    expect(sha256(file)).toBe(before);
  });

  it('refuses a database newer than the code', () => {
    const sqlite = openSqlite(join(dir, 'a.sqlite'));
    migrate(sqlite);
    sqlite.prepare("INSERT INTO schema_migration VALUES (9999, '9999_future', 'now')").run();
    expect(() => migrate(sqlite)).toThrow(/newer than this Coreview knows/);
    sqlite.close();
  });

  it('keeps the audit history append-only', () => {
    const sqlite = openSqlite(join(dir, 'a.sqlite'));
    migrate(sqlite);
    sqlite.prepare("INSERT INTO audit_event (at, action, entity) VALUES ('now', 'x.y', 'x')").run();
    expect(() => sqlite.prepare("UPDATE audit_event SET action = 'forged'").run()).toThrow(/append-only/);
    expect(() => sqlite.prepare('DELETE FROM audit_event').run()).toThrow(/append-only/);
    sqlite.close();
  });
});

function copyDir(from: string, to: string): void {
  mkdirSync(to);
  for (const migration of listMigrations(from)) {
    copyFileSync(join(from, `${migration.name}.sql`), join(to, `${migration.name}.sql`));
  }
}

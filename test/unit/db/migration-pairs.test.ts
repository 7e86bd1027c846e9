import { describe, expect, it } from 'vitest';
import { listMigrations, MIGRATIONS_DIR } from '../../../src/db/migrate.js';
import { POSTGRES_MIGRATIONS_DIR } from '../../../src/db/postgres/migrate-postgres.js';

const sqlite = listMigrations(MIGRATIONS_DIR);
const postgres = listMigrations(POSTGRES_MIGRATIONS_DIR);
const baseline = postgres[0]!;

describe('migrations for both databases', () => {
  it('start PostgreSQL at a baseline that stands for SQLite migrations up to its number', () => {
    expect(baseline.name).toMatch(/^\d{4}_baseline$/);
    expect(sqlite.map((m) => m.version)).toContain(baseline.version);
  });

  it('come in pairs after the baseline: the same numbers and names on both, up to the same version', () => {
    const after = sqlite.filter((m) => m.version > baseline.version).map((m) => m.name);
    expect(postgres.slice(1).map((m) => m.name)).toEqual(after);
    expect(postgres.at(-1)!.version).toBe(sqlite.at(-1)!.version);
  });
});

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queryDataDir } from '../support/data-dir-query.js';
import { coreview } from '../support/run-process.js';
import { databaseEnvFor, testDialect } from '../support/test-database.js';

describe('the coreview command', () => {
  let dataDir: string;
  beforeEach(() => { dataDir = mkdtempSync(join(tmpdir(), 'coreview-cli-')); });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('lists its commands with --help', async () => {
    const result = await coreview(['--help'], { dataDir });
    expect(result.code).toBe(0);
    for (const command of ['migrate', 'backup --out FILE', 'user add', 'user list', 'user disable']) {
      expect(result.stdout).toContain(command);
    }
  });

  it('says what is wrong with a misused command line, with exit code 2', async () => {
    const unknown = await coreview(['frobnicate'], { dataDir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    const missing = await coreview(['backup'], { dataDir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--out is required');
    const password = await coreview(['user', 'add', '--email', 'a@b.cd', '--name', 'A', '--password', 'secret'], { dataDir });
    expect(password.code).toBe(2);
    expect(password.stderr).toContain("Unknown option '--password'");
  });

  it('migrates, adds the owner then a person with the password from standard input, and lists them', async () => {
    // A new database: on PostgreSQL one with nothing in it yet, whose first migration is its baseline.
    await databaseEnvFor(dataDir, { empty: true });
    expect((await coreview(['migrate'], { dataDir })).stdout).toContain(testDialect === 'postgres' ? 'Applied 0024_baseline' : 'Applied 0001_initial');
    expect((await coreview(['migrate'], { dataDir })).stdout).toContain('up to date');
    const owner = await coreview(['user', 'add', '--email', 'Olive@Example.org', '--name', 'Olive'], { dataDir, input: 'olive-password\n' });
    expect(owner.code).toBe(0);
    expect(owner.stdout).toContain('as the owner');
    const person = await coreview(['user', 'add', '--email', 'rita@example.org', '--name', 'Rita'], { dataDir, input: 'rita-password\n' });
    expect(person.stdout).toContain('temporary password');
    const short = await coreview(['user', 'add', '--email', 'sam@example.org', '--name', 'Sam'], { dataDir, input: 'short\n' });
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('at least 8 characters');
    const dup = await coreview(['user', 'add', '--email', 'RITA@example.org', '--name', 'Rita'], { dataDir, input: 'rita-password\n' });
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain('already exists');

    await coreview(['user', 'disable', '--email', 'rita@example.org'], { dataDir });
    const list = await coreview(['user', 'list'], { dataDir });
    expect(list.stdout.trim().split('\n')).toEqual([
      'olive@example.org\tOlive\towner\tactive',
      'rita@example.org\tRita\tmember\tdisabled',
    ]);
    const nobody = await coreview(['user', 'disable', '--email', 'nobody@example.org'], { dataDir });
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toContain('No account uses nobody@example.org');
  });

  it('gives anyone who lost their password, the owner included, a temporary one to replace at sign-in', async () => {
    await coreview(['user', 'add', '--email', 'olive@example.org', '--name', 'Olive'], { dataDir, input: 'olive-password\n' });
    const reset = await coreview(['user', 'password', '--email', 'OLIVE@example.org'], { dataDir, input: 'olive-temporary\n' });
    expect(reset.code).toBe(0);
    expect(reset.stdout).toContain('olive@example.org has a temporary password');
    const list = await coreview(['user', 'list'], { dataDir });
    expect(list.stdout).toContain('olive@example.org\tOlive\towner\tactive');
    expect(await queryDataDir(dataDir, "SELECT password_temporary AS temporary FROM account WHERE email = 'olive@example.org'")).toEqual([{ temporary: 1 }]);
    const short = await coreview(['user', 'password', '--email', 'olive@example.org'], { dataDir, input: 'short\n' });
    expect([short.code, short.stderr.includes('at least 8 characters')]).toEqual([1, true]);
    const nobody = await coreview(['user', 'password', '--email', 'nobody@example.org'], { dataDir, input: 'whatever-temporary\n' });
    expect([nobody.code, nobody.stderr.includes('No account uses nobody@example.org')]).toEqual([1, true]);
  });

  // coreview backup copies the SQLite file; PostgreSQL is backed up with its own tools.
  if (testDialect === 'postgres') {
    it('refuses a backup of PostgreSQL, naming its own tools, and writes nothing', async () => {
      const out = join(dataDir, 'backup.zip');
      const result = await coreview(['backup', '--out', out], { dataDir });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("Back the database up with PostgreSQL's own tools (pg_dump");
      expect(existsSync(out)).toBe(false);
    });
  } else it('takes a backup that passes an integrity check, and never overwrites a file', async () => {
    await coreview(['user', 'add', '--email', 'olive@example.org', '--name', 'Olive'], { dataDir, input: 'olive-password\n' });
    const out = join(dataDir, 'backup.zip');
    const result = await coreview(['backup', '--out', out], { dataDir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('integrity check passed');
    const written = readFileSync(out);
    const again = await coreview(['backup', '--out', out], { dataDir });
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(`coreview backup: ${out} already exists; choose a new file name\n`);
    expect(readFileSync(out).equals(written)).toBe(true);
  });
});

import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath } from '../support/fixture-exports.js';
import { queryDataDir } from '../support/data-dir-query.js';
import { coreview, runProcess } from '../support/run-process.js';
import { databaseEnvFor } from '../support/test-database.js';

/** `coreview import` refuses what the web form would refuse, before reading it, and warns as the preview does. */
describe('coreview import: what it will not read, and files imported before', () => {
  let dataDir: string;
  let scratch: string;
  const importWithLimit = async (files: string[], limitMb = '1') =>
    runProcess(process.execPath, ['src/bin/coreview.js', 'import', '--review', 'limits', '--create', ...files], {
      env: { COREVIEW_DATA_DIR: dataDir, ...(await databaseEnvFor(dataDir)), COREVIEW_UPLOAD_LIMIT_MB: limitMb },
    });
  const batches = async () => (await queryDataDir<{ n: number }>(dataDir, 'SELECT count(*) AS n FROM import_batch'))[0]!.n;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'coreview-import-refusals-'));
    scratch = mkdtempSync(join(tmpdir(), 'coreview-import-files-'));
    expect((await coreview(['user', 'add', '--email', 'olive@example.org', '--name', 'Olive'], { dataDir, input: 'olive-password\n' })).code).toBe(0);
  });
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  });

  it('refuses /dev/zero and a folder at once, without reading them, and imports the good file beside them', async () => {
    const started = Date.now();
    const result = await importWithLimit(['/dev/zero', scratch, fixturePath('scopus.ris')]);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('/dev/zero: it is not a regular file (a device, pipe or socket has no end to read to). Nothing was imported from it.');
    expect(result.stderr).toContain(`${scratch}: it is a folder, not a file. Nothing was imported from it.`);
    expect(result.stderr).toContain('2 of 3 files could not be read.');
    expect(result.stdout).toContain('scopus.ris: RIS');
    expect(readdirSync(join(dataDir, 'tmp'))).toEqual([]);
  });

  it('refuses a file over COREVIEW_UPLOAD_LIMIT_MB, naming the limit, and stores nothing of it', async () => {
    const big = join(scratch, 'big.ris');
    writeFileSync(big, 'TY  - JOUR\nTI  - Desistance and work\nER  - \n\n'.repeat(40_000));
    const before = await batches();
    const result = await importWithLimit([big]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${big}: it is 1.7 MB, more than the upload limit of 1 MB (COREVIEW_UPLOAD_LIMIT_MB). Nothing was imported from it.`);
    expect(await batches()).toBe(before);
    expect(readdirSync(join(dataDir, 'tmp'))).toEqual([]);
  });

  it('warns when the same file was imported into the review before, as the web preview does', async () => {
    const lens = fixturePath('lens.ris');
    const first = await importWithLimit([lens]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).not.toContain('already imported');
    const again = await importWithLimit([lens]);
    expect(again.code).toBe(0);
    const today = new Date().toISOString().slice(0, 10);
    expect(again.stderr).toContain(
      `${lens}: this exact file was already imported on ${today} (lens.ris). Importing it again adds its records twice; remove one of the two searches on the Import page if that was a mistake.`,
    );
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { fixturePath } from '../support/fixture-exports.js';
import { coreview } from '../support/run-process.js';
import { signIn } from '../support/test-app.js';
import { databaseEnvFor } from '../support/test-database.js';

const OWNER = { email: 'olive@example.org', password: 'olive-password' };
const EMPTY = 'The record is empty: it has no title, authors, abstract, source, year, DOI, PMID or link.';
const IMPORT = ['import', '--review', 'gambling', '--source', 'Scopus', '--date', '2026-11-01', '--json'];

/** Each stdout line is one JSON object, one per file, in the order given. */
const reports = (stdout: string) => stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);

describe('coreview import', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'coreview-import-cli-'));
    const owner = await coreview(['user', 'add', '--email', OWNER.email, '--name', 'Olive'], { dataDir, input: `${OWNER.password}\n` });
    expect(owner.code).toBe(0);
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('imports files of several formats into a new review, one JSON report per file, exit 0 even with failed records', async () => {
    const files = [
      'ebsco-criminal-justice.ris',
      'colrev-records.bib',
      'pubmed.txt',
      'wos.txt',
      // Two records without a title: imported as "[No title]", with a warning.
      'empty-values.ris',
      // Two empty entries (nothing but a month): reported, and the other three imported.
      'hand-kept.bib',
    ].map(fixturePath);
    const result = await coreview([...IMPORT.slice(0, 3), '--create', ...IMPORT.slice(3), ...files], { dataDir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`Created review "gambling", owned by ${OWNER.email}.`);

    const out = reports(result.stdout);
    expect(out.map((r) => [r.file, r.format, r.encoding, r.found, r.imported, r.failed])).toEqual([
      [files[0], 'ris', 'utf-8', 12, 12, 0],
      [files[1], 'bibtex', 'utf-8', 10, 10, 0],
      [files[2], 'medline', 'utf-8', 3, 3, 0],
      [files[3], 'wos', 'utf-8', 3, 3, 0],
      [files[4], 'ris', 'utf-8', 4, 4, 0],
      [files[5], 'bibtex', 'utf-8', 5, 3, 2],
    ]);
    for (const report of out) {
      expect(report).toEqual(expect.objectContaining({ warnings: expect.any(Array), errors: expect.any(Array) }));
    }
    expect(out[4]!.warnings).toContainEqual({ message: '2 records have no title; they are imported as [No title] (records 2, 4).' });
    expect(out[5]!.errors).toEqual([
      { record: 4, lineStart: 36, lineEnd: 38, message: EMPTY },
      { record: 5, lineStart: 40, lineEnd: 42, message: EMPTY },
    ]);
    // Certain duplicates are linked on import: three records exported twice, and 10 records of 8 works.
    expect(out.map((r) => [r.duplicatesLinked, typeof r.pairsQueued])).toEqual([[3, 'number'], [2, 'number'], [0, 'number'], [0, 'number'], [0, 'number'], [0, 'number']]);
    expect(out[1]!.warnings).toEqual([{ message: expect.stringMatching(/^9 of 10 imported records have no abstract/) }]);
  });

  it('without --json prints one line per file and one per failed record', async () => {
    const [damaged, handKept] = [fixturePath('no-type-line.ris'), fixturePath('hand-kept.bib')];
    const result = await coreview(['import', '--review', 'gambling', damaged, handKept], { dataDir });
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toEqual([
      `${damaged}: RIS, utf-8-bom; found 1, imported 1, failed 0, 2 warnings; 0 linked as duplicates, 0 pairs to review`,
      `${handKept}: BibTeX / BibLaTeX, utf-8; found 5, imported 3, failed 2, 2 warnings; 3 linked as duplicates, 0 pairs to review`,
      `  record 4 (lines 36-38): ${EMPTY}`,
      `  record 5 (lines 40-42): ${EMPTY}`,
    ]);
  });

  it('exits 1 naming each file it cannot read at all, and still imports the readable ones', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'coreview-import-files-'));
    try {
      const binary = join(scratch, 'export.ris');
      writeFileSync(binary, new Uint8Array(4096).map((_, i) => (i * 31 + 7) % 256));
      const missing = join(scratch, 'missing.ris');
      const scopus = fixturePath('scopus.ris');
      const result = await coreview([...IMPORT, binary, missing, scopus], { dataDir });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`${binary}: export.ris contains NUL bytes, so it is a binary file, not a text reference export. Nothing was imported from it.`);
      expect(result.stderr).toContain(`${missing}: cannot read the file: there is no such file. Nothing was imported from it.`);
      expect(result.stderr).toContain('2 of 3 files could not be read.');
      const out = reports(result.stdout);
      expect(out.map((r) => [r.file, r.found, r.imported, r.error])).toEqual([
        [binary, 0, 0, 'export.ris contains NUL bytes, so it is a binary file, not a text reference export.'],
        [missing, 0, 0, 'cannot read the file: there is no such file'],
        [scopus, 3, 3, undefined],
      ]);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('says what is wrong with the command line, storing nothing', async () => {
    const file = fixturePath('scopus.ris');
    const badDate = await coreview(['import', '--review', 'gambling', '--date', '2026-02-30', file], { dataDir });
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toContain('--date must be a real date as YYYY-MM-DD, not "2026-02-30"');
    const noReview = await coreview(['import', file], { dataDir });
    expect(noReview.code).toBe(2);
    expect(noReview.stderr).toContain('--review is required');
    const noFiles = await coreview(['import', '--review', 'gambling'], { dataDir });
    expect(noFiles.code).toBe(2);
    expect(noFiles.stderr).toContain('name at least one FILE to import');
    const unknown = await coreview(['import', '--review', 'nosuch', file], { dataDir });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No review has the short name "nosuch". Add --create to create it.');
    for (const result of [badDate, noReview, noFiles, unknown]) expect(result.stdout).toBe('');
  });

  it('the imported records and searches are there in the web app', async () => {
    const app = await buildApp(loadConfig({ COREVIEW_DATA_DIR: dataDir, ...(await databaseEnvFor(dataDir)), COREVIEW_LOG_LEVEL: 'silent' }), { logger: false });
    try {
      const owner = await signIn(app, OWNER.email, OWNER.password);
      // 12 + 10 + 3 + 3 + 4 + 3, then 1 + 3, then 3; eight of them duplicates of others.
      const records = await owner.get('/reviews/gambling/records?duplicates=show');
      expect(records.body).toContain('42 records (duplicates included), in import order.');
      expect((await owner.get('/reviews/gambling/records')).body).toContain('34 records, in import order.');
      const search = await owner.get('/reviews/gambling/records?q=orthodoxy');
      expect(search.body).toContain('Responsible gambling talk and the making of harm');
      const imports = await owner.get('/reviews/gambling/imports');
      expect(imports.body.match(/<tr>/g)).toHaveLength(10);
      expect(imports.body).toContain('command line');
      expect(imports.body).toContain('2026-11-01');
      const dashboard = await owner.get('/reviews/gambling');
      expect(dashboard.body).toMatch(/data-stage="import".*?<strong>42<\/strong>/s);
    } finally {
      await app.close();
    }
  });
});

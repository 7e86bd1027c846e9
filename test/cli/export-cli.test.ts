import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFile } from '../../src/imports/parse-file.js';
import { decide } from '../../src/screening/screening-service.js';
import { fixturePath } from '../support/fixture-exports.js';
import { openDataDirDatabase, queryDataDir, queryRows, queryValue } from '../support/data-dir-query.js';
import { coreview } from '../support/run-process.js';

const FILES = ['ebsco-criminal-justice.ris', 'colrev-records.bib', 'pubmed.txt'];
const COLUMNS = ['title', 'authors_json', 'year', 'journal', 'volume', 'issue', 'pages', 'doi', 'pmid', 'abstract', 'keywords_json', 'type', 'url', 'language', 'issn', 'publisher'];
const USAGE = 'Usage: coreview export --review NAME --format ris|bibtex|csl-json|csv [--set all|included|excluded|label:TEXT|code:ID] [--out FILE]';

describe('coreview export', () => {
  let dataDir: string;
  let scratch: string;
  let codeId: number;

  const rows = (slug: string, primaryOnly: boolean) =>
    queryDataDir(dataDir, `SELECT ${COLUMNS.map((c) => `r.${c}`).join(', ')} FROM record r JOIN review v ON v.id = r.review_id WHERE v.slug = ? ${primaryOnly ? 'AND r.duplicate_of IS NULL' : ''} ORDER BY r.id`, slug);

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'coreview-export-cli-'));
    scratch = mkdtempSync(join(tmpdir(), 'coreview-export-files-'));
    expect((await coreview(['user', 'add', '--email', 'olive@example.org', '--name', 'Olive'], { dataDir, input: 'olive-password\n' })).code).toBe(0);
    const imported = await coreview(['import', '--review', 'harms', '--create', ...FILES.map(fixturePath)], { dataDir });
    expect(imported.code, imported.stderr).toBe(0);
    // A decision with a label and a code, written as the web app would (the CLI does not screen or code).
    const db = await openDataDirDatabase(dataDir);
    try {
      const reviewId = await queryValue<number>(db, "SELECT id FROM review WHERE slug = 'harms'");
      const ownerId = await queryValue<number>(db, 'SELECT id FROM account');
      const [first, second] = (await queryRows<{ id: number }>(db, 'SELECT id FROM record WHERE review_id = ? AND duplicate_of IS NULL ORDER BY id LIMIT 2', reviewId)).map((r) => r.id);
      await decide(db.kysely, { reviewId, actorId: ownerId }, { recordId: first!, stage: 'title_abstract', decision: 'include', reasonId: null, note: 'Owner note', labels: ['gambling harms'] });
      const now = new Date().toISOString();
      codeId = await queryValue<number>(db, 'INSERT INTO code (review_id, parent_id, name, position, created_at) VALUES (?, NULL, ?, 0, ?) RETURNING id', reviewId, 'Harm framework', now);
      await queryRows(db, 'INSERT INTO study_code (record_id, code_id, review_id, created_at) VALUES (?, ?, ?, ?)', second, codeId, reviewId, now);
    } finally {
      await db.close();
    }
  }, 120_000);

  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  });

  it('writes RIS to standard output: every record but duplicates, with the decisions, labels and codes', async () => {
    const result = await coreview(['export', '--review', 'harms', '--format', 'ris'], { dataDir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    const parsed = parseFile(Buffer.from(result.stdout), 'out.ris');
    expect(parsed.records).toHaveLength((await rows('harms', true)).length);
    expect(result.stdout).toContain('N1  - Coreview title/abstract decision by Olive: include; labels: gambling harms; note: Owner note\r\n');
    expect(result.stdout).toContain('N1  - Coreview codes: Harm framework\r\n');
  }, 60_000);

  it('exports a label set and a code set', async () => {
    const label = await coreview(['export', '--review', 'harms', '--format', 'csv', '--set', 'label:Gambling Harms'], { dataDir });
    expect(label.code).toBe(0);
    expect(label.stdout.trim().split('\r\n')).toHaveLength(2);
    expect(label.stdout).toContain('"Olive: include; labels: gambling harms; note: Owner note"');
    const code = await coreview(['export', '--review', 'harms', '--format', 'csl-json', '--set', `code:${codeId}`], { dataDir });
    expect(code.code).toBe(0);
    const items = JSON.parse(code.stdout) as Array<{ custom: { coreview: { codes: string[] } } }>;
    expect(items.map((i) => i.custom.coreview.codes)).toEqual([['Harm framework']]);
    const included = await coreview(['export', '--review', 'harms', '--format', 'bibtex', '--set', 'included'], { dataDir });
    expect([included.code, included.stdout]).toEqual([0, '']);
  }, 60_000);

  it('writes a new file with --out and refuses to overwrite one', async () => {
    const out = join(scratch, 'harms.bib');
    const first = await coreview(['export', '--review', 'harms', '--format', 'bibtex', '--out', out], { dataDir });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toBe('');
    expect(first.stderr).toContain(`Wrote ${out}.`);
    const written = readFileSync(out, 'utf8');
    expect(written).toMatch(/^@article\{/);

    const again = await coreview(['export', '--review', 'harms', '--format', 'ris', '--out', out], { dataDir });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`${out} already exists; choose another file name (an export never overwrites a file).`);
    expect(readFileSync(out, 'utf8')).toBe(written);

    const existing = join(scratch, 'notes.txt');
    writeFileSync(existing, 'keep me');
    expect((await coreview(['export', '--review', 'harms', '--format', 'csv', '--out', existing], { dataDir })).code).toBe(1);
    expect(readFileSync(existing, 'utf8')).toBe('keep me');
    const nowhere = join(scratch, 'missing-folder', 'x.ris');
    const missing = await coreview(['export', '--review', 'harms', '--format', 'ris', '--out', nowhere], { dataDir });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('its folder does not exist');
    expect(existsSync(nowhere)).toBe(false);
  }, 60_000);

  it('round trip: the BibTeX and RIS it writes import into new reviews as the same records', async () => {
    const expected = await rows('harms', true);
    for (const [format, name] of [['bibtex', 'copy.bib'], ['ris', 'copy.ris']] as const) {
      const file = join(scratch, name);
      expect((await coreview(['export', '--review', 'harms', '--format', format, '--out', file], { dataDir })).code).toBe(0);
      const slug = `copy-${format}`;
      const imported = await coreview(['import', '--review', slug, '--create', file], { dataDir });
      expect(imported.code, imported.stderr).toBe(0);
      const copy = await rows(slug, false);
      expect(copy).toHaveLength(expected.length);
      copy.forEach((row, i) => {
        const want = { ...expected[i]! };
        // BibTeX reads a single line break as a space (a blank line stays a paragraph).
        if (format === 'bibtex') want.abstract = String(want.abstract).replace(/\n{2,}/g, '\u0000').replace(/\n/g, ' ').replace(/\u0000/g, '\n\n');
        expect([format, i, row]).toEqual([format, i, want]);
      });
    }
  }, 60_000);

  it('says what is wrong with the command line (exit 2, with the usage line), writing nothing', async () => {
    const cases: Array<[string[], string]> = [
      [['export', '--format', 'ris'], '--review is required'],
      [['export', '--review', 'harms'], '--format is required'],
      [['export', '--review', 'harms', '--format', 'endnote'], '--format must be one of ris, bibtex, csl-json, csv, not "endnote"'],
      [['export', '--review', 'nosuch', '--format', 'ris'], 'no review has the short name "nosuch"'],
      [['export', '--review', 'harms', '--format', 'ris', '--set', 'everything'], '--set: use all, included, excluded, label:TEXT or code:ID, not "everything"'],
      [['export', '--review', 'harms', '--format', 'ris', '--set', 'label:'], '--set: Name the label to export, as label:TEXT.'],
      [['export', '--review', 'harms', '--format', 'ris', '--set', 'code:9999'], '--set: This review has no code 9999.'],
      [['export', '--review', 'harms', '--format', 'ris', '--bogus'], "Unknown option '--bogus'"],
    ];
    for (const [args, message] of cases) {
      const result = await coreview(args, { dataDir });
      expect([args.join(' '), result.code]).toEqual([args.join(' '), 2]);
      expect(result.stderr).toContain(message);
      expect(result.stderr).toContain(USAGE);
      expect(result.stdout).toBe('');
    }
  }, 60_000);

  it('explains itself with --help and is listed in the command list', async () => {
    const help = await coreview(['export', '--help'], { dataDir });
    expect(help.code).toBe(0);
    // --help wraps at 100 columns (help-width.test.ts); the words are the same.
    const words = help.stdout.replace(/\s+/g, ' ');
    expect(words).toContain(USAGE);
    expect(words).toContain("exports what the review's owner sees");
    expect((await coreview(['--help'], { dataDir })).stdout).toContain('export --review NAME --format');
  }, 60_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '../../../src/domain-errors.js';
import { exportRecordPages, ownerViewer } from '../../../src/exports/export-records.js';
import { countExportSet, exportSetSlug, exportSetText, parseExportSet, resolveExportSet, type ExportSet } from '../../../src/exports/export-set.js';
import { exportText } from '../../../src/exports/export-text.js';
import type { ExportRecord } from '../../../src/exports/export-record.js';
import { decide, resolve } from '../../../src/screening/screening-service.js';
import { loadScreeningViewer, type ScreeningViewer } from '../../../src/screening/screening-filters.js';
import { changeSettings } from '../../../src/screening/settings-service.js';
import { insertSearch } from '../../support/record-fixtures.js';
import { screeningDb, type ScreeningDb } from '../../support/screening-fixtures.js';

describe('parseExportSet', () => {
  it('reads the five kinds of set', () => {
    expect(parseExportSet('all')).toEqual({ kind: 'all' });
    expect(parseExportSet(' included ')).toEqual({ kind: 'included' });
    expect(parseExportSet('excluded')).toEqual({ kind: 'excluded' });
    expect(parseExportSet('label:  check   later ')).toEqual({ kind: 'label', label: 'check later' });
    expect(parseExportSet('code:12')).toEqual({ kind: 'code', codeId: 12 });
    for (const set of ['all', 'included', 'excluded', 'label:UK', 'code:3'] as const) expect(exportSetText(parseExportSet(set))).toBe(set);
  });

  it('names files after the set, in ASCII', () => {
    expect(['included', 'label:Qualität & Kontext', 'label:日本', 'code:12'].map((t) => exportSetSlug(parseExportSet(t)))).toEqual([
      'included', 'label-qualitat-kontext', 'label-label', 'code-12',
    ]);
  });

  it('refuses anything else with a message', () => {
    for (const bad of ['', 'everything', 'ALL', 'label:', 'label:   ', `label:${'x'.repeat(41)}`, 'code:', 'code:0', 'code:-1', 'code:1e3', 'code:12345678901', 'code:1 OR 1=1']) {
      expect(() => parseExportSet(bad), bad).toThrow(ValidationError);
    }
    expect(() => parseExportSet('nope')).toThrow('Choose the records to export: all, included, excluded, label:TEXT or code:ID.');
    expect(() => parseExportSet('label:')).toThrow('Name the label to export, as label:TEXT.');
  });
});

describe('export sets and extras over the database', () => {
  let s: ScreeningDb;
  let ids: number[];
  let rita: number;
  let sam: number;
  const ctx = (actorId: number) => ({ reviewId: s.reviewId, actorId });
  const viewerOf = (id: number): Promise<ScreeningViewer> => loadScreeningViewer(s.db.kysely, s.reviewId, id);

  async function exported(set: ExportSet, viewer: ScreeningViewer, pageSize?: number): Promise<ExportRecord[][]> {
    const resolved = await resolveExportSet(s.db.kysely, s.reviewId, set);
    const pages: ExportRecord[][] = [];
    for await (const page of exportRecordPages(s.db.kysely, s.reviewId, resolved, viewer, pageSize)) pages.push(page);
    return pages;
  }
  const idsOf = async (set: ExportSet, viewer: ScreeningViewer) => (await exported(set, viewer)).flat().map((r) => r.id);
  const extrasOf = async (recordId: number, viewer: ScreeningViewer) => (await exported({ kind: 'all' }, viewer)).flat().find((r) => r.id === recordId)!.extras;

  beforeAll(async () => {
    s = await screeningDb();
    [rita, sam] = s.reviewers as [number, number];
    ({ ids } = await insertSearch(s.db.kysely, s.reviewId, Array.from({ length: 9 }, (_, i) => ({ title: `Record ${i + 1}`, year: 2010 + i }))));
    // Record 9 duplicates record 1: exports show one record per work.
    await s.db.kysely.updateTable('record').set({ duplicateOf: ids[0]! }).where('id', '=', ids[8]!).execute();
    const [r1, r2, r3] = ids as [number, number, number];
    const ta = s.reasons.title_abstract;
    const ft = s.reasons.full_text;
    await decide(s.db.kysely, ctx(s.owner), { recordId: r1, stage: 'title_abstract', decision: 'include', reasonId: null, note: '', labels: ['Qualitative'] });
    await decide(s.db.kysely, ctx(s.owner), { recordId: r2, stage: 'title_abstract', decision: 'include', reasonId: null, note: '', labels: [] });
    await decide(s.db.kysely, ctx(rita), { recordId: r3, stage: 'title_abstract', decision: 'exclude', reasonId: ta[0]!, note: 'Prisons only', labels: ['UK'] });
    await decide(s.db.kysely, ctx(s.owner), { recordId: r1, stage: 'full_text', decision: 'include', reasonId: null, note: '', labels: [] });
    await decide(s.db.kysely, ctx(sam), { recordId: r2, stage: 'full_text', decision: 'exclude', reasonId: ft[1]!, note: '', labels: ['check later'] });
  });

  afterAll(async () => {
    await s.close();
  });

  it('all: every record but duplicates, in import order, a page at a time', async () => {
    const owner = await viewerOf(s.owner);
    const pages = await exported({ kind: 'all' }, owner, 3);
    expect(pages.map((p) => p.map((r) => r.id))).toEqual([ids.slice(0, 3), ids.slice(3, 6), ids.slice(6, 8)]);
    expect(await countExportSet(s.db.kysely, s.reviewId, { kind: 'all' }, owner, 100)).toBe(8);
    expect(await countExportSet(s.db.kysely, s.reviewId, { kind: 'all' }, owner, 5)).toBe(5);
  });

  it('included and excluded follow the final outcomes of both stages', async () => {
    const owner = await viewerOf(s.owner);
    expect(await idsOf({ kind: 'included' }, owner)).toEqual([ids[0]]);
    expect(await idsOf({ kind: 'excluded' }, owner)).toEqual([ids[1], ids[2]]);
  });

  it('carries outcomes with their reasons, decisions, labels', async () => {
    const extras = await extrasOf(ids[1]!, await viewerOf(rita));
    expect(extras).toEqual({
      stages: [
        { stage: 'title_abstract', state: 'include', reasons: [], decisions: [{ reviewer: 'Olive', decision: 'include', reason: null, note: '', labels: [] }] },
        { stage: 'full_text', state: 'exclude', reasons: ['Wrong intervention'], decisions: [{ reviewer: 'Sam', decision: 'exclude', reason: 'Wrong intervention', note: '', labels: ['check later'] }] },
      ],
      labels: ['check later'],
      codes: [],
    });
    expect((await extrasOf(ids[4]!, await viewerOf(rita))).stages).toEqual([{ stage: 'title_abstract', state: null, reasons: [], decisions: [] }]);
  });

  it('label: records with the label on a decision the viewer may see, ignoring case', async () => {
    const samView = await viewerOf(sam);
    expect(await idsOf({ kind: 'label', label: 'qualitative' }, samView)).toEqual([ids[0]]);
    expect(await idsOf({ kind: 'label', label: 'CHECK LATER' }, samView)).toEqual([ids[1]]);
    expect(await idsOf({ kind: 'label', label: 'nothing' }, samView)).toEqual([]);
  });

  it('code: studies coded with the code or a sub-code, on the study or an excerpt', async () => {
    const now = new Date().toISOString();
    const code = async (name: string, parentId: number | null, reviewId = s.reviewId) =>
      (await s.db.kysely.insertInto('code').values({ reviewId, parentId, name, position: 0, createdAt: now }).returning('id').executeTakeFirstOrThrow()).id;
    const group = await code('Individual level', null);
    const agency = await code('Agency', group);
    const systemic = await code('Systemic level', null);
    await s.db.kysely.insertInto('studyCode').values({ recordId: ids[0]!, codeId: agency, reviewId: s.reviewId, createdBy: s.owner, createdAt: now }).execute();
    const excerpt = await s.db.kysely.insertInto('excerpt')
      .values({ reviewId: s.reviewId, recordId: ids[1]!, text: 'A passage', createdBy: s.owner, createdAt: now, updatedBy: s.owner, updatedAt: now })
      .returning('id').executeTakeFirstOrThrow();
    await s.db.kysely.insertInto('excerptCode').values([{ excerptId: excerpt.id, codeId: systemic }, { excerptId: excerpt.id, codeId: agency }]).execute();

    const owner = await viewerOf(s.owner);
    expect(await idsOf({ kind: 'code', codeId: group }, owner)).toEqual([ids[0], ids[1]]);
    expect(await idsOf({ kind: 'code', codeId: agency }, owner)).toEqual([ids[0], ids[1]]);
    expect(await idsOf({ kind: 'code', codeId: systemic }, owner)).toEqual([ids[1]]);
    expect((await extrasOf(ids[1]!, owner)).codes).toEqual(['Individual level > Agency', 'Systemic level']);
    expect((await extrasOf(ids[0]!, owner)).codes).toEqual(['Individual level > Agency']);

    // A code of another review is not found, whatever its id.
    const other = await s.db.kysely.insertInto('review').values({ slug: 'other', title: 'Other', question: '', description: '', createdBy: s.owner, createdAt: now, updatedAt: now }).returning('id').executeTakeFirstOrThrow();
    const foreign = await code('Foreign', null, other.id);
    await expect(resolveExportSet(s.db.kysely, s.reviewId, { kind: 'code', codeId: foreign })).rejects.toThrow(NotFoundError);
    await expect(resolveExportSet(s.db.kysely, s.reviewId, { kind: 'code', codeId: 999_999 })).rejects.toThrow('This review has no code 999999.');
  });
});

describe('export sets and extras in blind screening', () => {
  let s: ScreeningDb;
  let ids: number[];
  let rita: number;
  let sam: number;
  let r5: number;
  let r6: number;
  const ctx = (actorId: number) => ({ reviewId: s.reviewId, actorId });
  const viewerOf = (id: number): Promise<ScreeningViewer> => loadScreeningViewer(s.db.kysely, s.reviewId, id);
  const exportedRecords = async (set: ExportSet, viewer: ScreeningViewer) => {
    const resolved = await resolveExportSet(s.db.kysely, s.reviewId, set);
    const out: ExportRecord[] = [];
    for await (const page of exportRecordPages(s.db.kysely, s.reviewId, resolved, viewer)) out.push(...page);
    return out;
  };
  const idsOf = async (set: ExportSet, viewer: ScreeningViewer) => (await exportedRecords(set, viewer)).map((r) => r.id);
  const extrasOf = async (recordId: number, viewer: ScreeningViewer) => (await exportedRecords({ kind: 'all' }, viewer)).find((r) => r.id === recordId)!.extras;

  beforeAll(async () => {
    s = await screeningDb();
    [rita, sam] = s.reviewers as [number, number];
    ({ ids } = await insertSearch(s.db.kysely, s.reviewId, Array.from({ length: 6 }, (_, i) => ({ title: `Record ${i + 1}` }))));
    const blind = { reviewersNeeded: 2, blind: true, recordOrder: 'import' as const, orderSeed: 1, maybeAdvances: true, arbiterId: null };
    await changeSettings(s.db.kysely, ctx(s.owner), 'title_abstract', blind);
    // Record 1 becomes an included study (two reviewers agree at title/abstract, one at full text).
    for (const who of [rita, sam]) await decide(s.db.kysely, ctx(who), { recordId: ids[0]!, stage: 'title_abstract', decision: 'include', reasonId: null, note: '', labels: [] });
    await decide(s.db.kysely, ctx(sam), { recordId: ids[0]!, stage: 'full_text', decision: 'include', reasonId: null, note: 'Sam includes', labels: [] });
    [r5, r6] = [ids[4]!, ids[5]!];
    // Record 5 has only Rita's decision (it needs two); record 6 has both, and they differ.
    await decide(s.db.kysely, ctx(rita), { recordId: r5, stage: 'title_abstract', decision: 'exclude', reasonId: s.reasons.title_abstract[2]!, note: 'SECRET NOTE by Rita', labels: ['rita-only'] });
    await decide(s.db.kysely, ctx(rita), { recordId: r6, stage: 'title_abstract', decision: 'include', reasonId: null, note: 'Rita on six', labels: [] });
    await decide(s.db.kysely, ctx(sam), { recordId: r6, stage: 'title_abstract', decision: 'exclude', reasonId: s.reasons.title_abstract[0]!, note: 'Sam on six', labels: ['sam-six'] });
  });

  afterAll(async () => {
    await s.close();
  });

  it('never shows another reviewer a decision on a record that is not complete, not even an owner', async () => {
    for (const viewer of [await viewerOf(sam), await viewerOf(s.owner), await ownerViewer(s.db.kysely, s.reviewId)]) {
      const extras = await extrasOf(r5, viewer);
      expect(extras.stages).toEqual([{ stage: 'title_abstract', state: null, reasons: [], decisions: [] }]);
      expect(extras.labels).toEqual([]);
      expect(await idsOf({ kind: 'label', label: 'rita-only' }, viewer)).toEqual([]);
      for (const format of ['ris', 'bibtex', 'csl-json', 'csv'] as const) {
        let text = '';
        for await (const chunk of exportText(s.db.kysely, { reviewId: s.reviewId, set: { kind: 'all' }, format, viewer })) text += chunk;
        expect(text).not.toContain('SECRET NOTE');
        expect(text).not.toContain('rita-only');
      }
    }
    // Rita sees her own.
    expect((await extrasOf(r5, await viewerOf(rita))).stages[0]!.decisions.map((d) => d.note)).toEqual(['SECRET NOTE by Rita']);
    expect(await idsOf({ kind: 'label', label: 'rita-only' }, await viewerOf(rita))).toEqual([r5]);
  });

  it('shows a complete record to owners (a conflict, both decisions), never to the other reviewer', async () => {
    const owner = await extrasOf(r6, await viewerOf(s.owner));
    expect(owner.stages[0]).toMatchObject({ state: 'conflict', decisions: [{ reviewer: 'Rita', note: 'Rita on six' }, { reviewer: 'Sam', note: 'Sam on six' }] });
    expect(await idsOf({ kind: 'label', label: 'sam-six' }, await viewerOf(s.owner))).toEqual([r6]);
    const ritaView = await extrasOf(r6, await viewerOf(rita));
    expect(ritaView.stages[0]).toEqual({ stage: 'title_abstract', state: null, reasons: [], decisions: [{ reviewer: 'Rita', decision: 'include', reason: null, note: 'Rita on six', labels: [] }] });
    expect(await idsOf({ kind: 'label', label: 'sam-six' }, await viewerOf(rita))).toEqual([]);

    await resolve(s.db.kysely, ctx(s.owner), { recordId: r6, stage: 'title_abstract', decision: 'exclude', reasonId: s.reasons.title_abstract[1]!, note: '' });
    expect((await extrasOf(r6, await viewerOf(s.owner))).stages[0]).toMatchObject({ state: 'exclude', reasons: ['Wrong intervention'] });
    // A blind stage's outcomes are the owners' and the arbiter's to see: not in Rita's excluded set, nor in her extras.
    expect(await idsOf({ kind: 'excluded' }, await viewerOf(s.owner))).toEqual([r6]);
    expect(await idsOf({ kind: 'excluded' }, await viewerOf(rita))).toEqual([]);
    expect((await extrasOf(r6, await viewerOf(rita))).stages[0]!.state).toBeNull();
  });

  it('shows which studies are included only to those who see the screening results (visibility.ts)', async () => {
    // Title and abstract is blind to Rita: full text, which it sends records to, shows her nothing.
    const ritaView = await viewerOf(rita);
    expect(await idsOf({ kind: 'included' }, ritaView)).toEqual([]);
    expect((await extrasOf(ids[0]!, ritaView)).stages.map((stage) => stage.stage)).toEqual(['title_abstract']);
    // Full text blind on its own: its outcome, the included studies, is still hidden from her.
    const open = { reviewersNeeded: 2, blind: false, recordOrder: 'import' as const, orderSeed: 1, maybeAdvances: true, arbiterId: null };
    await changeSettings(s.db.kysely, ctx(s.owner), 'title_abstract', open);
    await changeSettings(s.db.kysely, ctx(s.owner), 'full_text', { ...open, reviewersNeeded: 1, blind: true });
    expect(await idsOf({ kind: 'included' }, await viewerOf(rita))).toEqual([]);
    expect((await extrasOf(ids[0]!, await viewerOf(rita))).stages[1]).toEqual({ stage: 'full_text', state: null, reasons: [], decisions: [] });
    expect(await idsOf({ kind: 'included' }, await viewerOf(s.owner))).toEqual([ids[0]]);
    expect((await extrasOf(ids[0]!, await viewerOf(s.owner))).stages[1]!.decisions.map((d) => d.note)).toEqual(['Sam includes']);
  });
});

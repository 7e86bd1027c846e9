import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decidePair } from '../../../src/dedup/dedup-service.js';
import { detectDuplicates } from '../../../src/dedup/detection.js';
import { emptyBoxes, readBoxes, saveBoxes } from '../../../src/prisma/prisma-boxes.js';
import { prismaCounts } from '../../../src/prisma/prisma-counts.js';
import { reconcile, reconciliationChecks } from '../../../src/prisma/prisma-reconcile.js';
import { decide } from '../../../src/screening/screening-service.js';
import { changeSettings } from '../../../src/screening/settings-service.js';
import { screeningDb, type ScreeningDb } from '../../support/screening-fixtures.js';
import { buildScriptedReview, importSearch, work, copyOf } from './scripted-review.js';

let s: ScreeningDb;

beforeEach(async () => {
  s = await screeningDb();
});

afterEach(async () => {
  await s.close();
});

describe('PRISMA counts of a scripted review whose every count is known', () => {
  it('counts every box from the data, and every identity holds', async () => {
    await buildScriptedReview(s);
    const counts = await prismaCounts(s.db.kysely, s.reviewId);

    expect(counts.databasesAndRegisters).toEqual({
      databases: { imported: 16, notImported: 0, total: 16, sources: [{ name: 'Scopus', records: 10 }, { name: 'Web of Science', records: 6 }] },
      registers: { imported: 2, notImported: 0, total: 2, sources: [{ name: 'ClinicalTrials.gov', records: 2 }] },
      identified: 18,
      duplicates: 3,
      automation: 0,
      otherReasons: 0,
      removed: 3,
      screened: 15,
      recordsExcluded: 6,
      stillScreened: 0,
      notScreened: 0,
      sought: 9,
      notRetrieved: 1,
      assessed: 8,
      excluded: 4,
      reasons: [
        { reasonId: s.reasons.full_text[0], reason: 'Wrong population', reports: 2 },
        { reasonId: s.reasons.full_text[1], reason: 'Wrong intervention', reports: 1 },
        { reasonId: s.reasons.full_text[2], reason: 'Wrong study design', reports: 1 },
      ],
      stillAssessed: 0,
      included: 4,
    });

    const o = counts.otherMethods;
    expect(o.shown).toBe(true);
    expect(o.websites).toEqual({ imported: 3, notImported: 0, total: 3, sources: [{ name: 'Google Scholar', records: 3 }] });
    expect(o.organisations).toEqual({ imported: 0, notImported: 0, total: 0, sources: [] });
    expect(o.citationSearching).toEqual({ imported: 2, notImported: 0, total: 2, sources: [{ name: 'Backward citations', records: 2 }] });
    expect(o.otherSources.total).toBe(0);
    expect(o.identified).toBe(5);
    expect(o.imported).toEqual({ records: 5, duplicates: 1, screened: 4, recordsExcluded: 1, stillScreened: 0, notScreened: 0, sought: 3, notRetrieved: 1, excluded: 1, included: 1 });
    expect(o.notImported).toEqual({ sought: 0, notRetrieved: 0, excluded: 0, reasons: [], included: 0 });
    expect({ sought: o.sought, notRetrieved: o.notRetrieved, assessed: o.assessed, excluded: o.excluded, stillAssessed: o.stillAssessed, included: o.included }).toEqual({
      sought: 3, notRetrieved: 1, assessed: 2, excluded: 1, stillAssessed: 0, included: 1,
    });
    expect(o.reasons).toEqual([{ reasonId: s.reasons.full_text[0], reason: 'Wrong population', reports: 1 }]);

    // Five included reports, of which the preprint and its article are one study.
    expect(counts.included).toEqual({ studies: 4, reports: 5 });
    expect(counts.pending).toEqual({ duplicatePairs: 0, stillScreened: 0, stillAssessed: 0 });
    expect(counts.provisional).toBe(false);

    expect(reconcile(counts)).toEqual([]);
    const checks = reconciliationChecks(counts);
    expect(checks.map((c) => c.id)).toEqual([
      'dbr-screened', 'dbr-screening-outcomes', 'dbr-assessed', 'dbr-assessment-outcomes', 'dbr-reasons',
      'other-imported', 'other-assessed', 'other-assessment-outcomes', 'other-reasons', 'included-reports', 'studies-reports',
    ]);
    expect(checks.find((c) => c.id === 'dbr-screened')!.figures).toBe('15 = 18 − 3 − 0 − 0');
    expect(checks.find((c) => c.id === 'dbr-assessed')!.figures).toBe('8 = 9 − 1');

    // The counts agree with the trigger-kept dashboard counters where both exist.
    const counter = async (name: string) => (await s.db.kysely.selectFrom('reviewCounter').select('value').where('reviewId', '=', s.reviewId).where('name', '=', name).executeTakeFirst())?.value ?? 0;
    expect(await counter('ta_items')).toBe(counts.databasesAndRegisters.screened + o.imported.screened);
    expect(await counter('ft_items')).toBe(counts.databasesAndRegisters.sought + o.imported.sought);
    expect(await counter('ft_included')).toBe(counts.included.reports);
    expect(await counter('duplicates_marked')).toBe(counts.databasesAndRegisters.duplicates + o.imported.duplicates);
  });

  it('adds the typed boxes: records never imported, automation tools, reports found by other methods', async () => {
    await buildScriptedReview(s);
    const boxes = emptyBoxes();
    Object.assign(boxes.counts, {
      database_not_imported: 7,
      excluded_automatic: 5,
      excluded_other: 2,
      website_not_imported: 2,
      organisation_not_imported: 1,
      other_sought_not_imported: 4,
      other_notretrieved_not_imported: 1,
    });
    boxes.otherExcluded = [{ reason: 'Not in English', n: 1 }, { reason: 'wrong population', n: 1 }];
    expect(await saveBoxes(s.db.kysely, { reviewId: s.reviewId, actorId: s.owner }, boxes)).toBe(8);
    expect(await readBoxes(s.db.kysely, s.reviewId)).toEqual(boxes);

    const counts = await prismaCounts(s.db.kysely, s.reviewId);
    const d = counts.databasesAndRegisters;
    expect(d.databases).toMatchObject({ imported: 16, notImported: 7, total: 23 });
    expect([d.identified, d.duplicates, d.automation, d.otherReasons, d.removed, d.screened]).toEqual([25, 3, 5, 2, 10, 15]);
    const o = counts.otherMethods;
    expect([o.websites.total, o.organisations.total, o.identified]).toEqual([5, 1, 8]);
    expect([o.sought, o.notRetrieved, o.assessed, o.excluded, o.included]).toEqual([7, 2, 5, 3, 2]);
    // A typed reason joins the protocol's reason of the same name.
    expect(o.reasons.map((r) => [r.reason, r.reports])).toEqual([['Wrong population', 2], ['Not in English', 1]]);
    // The typed report included counts as one study of its own.
    expect(counts.included).toEqual({ studies: 5, reports: 6 });
    expect(reconcile(counts)).toEqual([]);
  });

  it('says which identity fails when records removed before screening are not among those identified', async () => {
    await buildScriptedReview(s);
    const boxes = emptyBoxes();
    boxes.counts.excluded_automatic = 5;
    await saveBoxes(s.db.kysely, { reviewId: s.reviewId, actorId: s.owner }, boxes);
    const failing = reconcile(await prismaCounts(s.db.kysely, s.reviewId));
    expect(failing.map((c) => [c.id, c.figures])).toEqual([['dbr-screened', '15 = 18 − 3 − 5 − 0']]);
    expect(failing[0]!.hint).toMatch(/never imported/);
  });

  it('flags an unfinished review as provisional and shows what is still pending apart, without fudging', async () => {
    const owner = { reviewId: s.reviewId, actorId: s.owner };
    await changeSettings(s.db.kysely, owner, 'title_abstract', { reviewersNeeded: 1, blind: false, recordOrder: 'import', orderSeed: 1, maybeAdvances: false, arbiterId: null });
    await changeSettings(s.db.kysely, owner, 'full_text', { reviewersNeeded: 2, blind: true, recordOrder: 'import', orderSeed: 1, maybeAdvances: true, arbiterId: null });
    const article = work('A');
    const ids = await importSearch(s, 'database', 'PubMed', [
      article,
      { ...article, key: 'P', type: 'preprint', doi: '10.31234/osf.io/zz1', journal: 'PsyArXiv', year: article.year - 1, volume: '', pages: '' },
      work('B'), work('C'), work('D'), work('E'),
    ]);
    const id = (key: string) => ids.get(key)!;
    await detectDuplicates(s.db.kysely, owner); // the preprint pair waits for a person
    const ta = (key: string, decision: 'include' | 'maybe' | 'exclude') =>
      decide(s.db.kysely, owner, { recordId: id(key), stage: 'title_abstract', decision, reasonId: null, note: '', labels: [] });
    await ta('A', 'include');
    await ta('B', 'include');
    await ta('C', 'maybe'); // held back: maybes do not go on in this review
    await ta('D', 'exclude');
    // B: one of the two full-text decisions needed (still being assessed); A: none yet.
    await decide(s.db.kysely, { reviewId: s.reviewId, actorId: s.reviewers[0]! }, { recordId: id('B'), stage: 'full_text', decision: 'include', reasonId: null, note: '', labels: [] });
    // A search imported after screening began: its records have no title/abstract item yet.
    await importSearch(s, 'register', 'ICTRP', [work('F'), work('G')]);

    const counts = await prismaCounts(s.db.kysely, s.reviewId);
    const d = counts.databasesAndRegisters;
    expect([d.identified, d.duplicates, d.screened, d.recordsExcluded, d.stillScreened]).toEqual([8, 0, 8, 1, 5]); // P, E open; C held; F, G new
    expect([d.sought, d.notRetrieved, d.assessed, d.excluded, d.included, d.stillAssessed]).toEqual([2, 0, 2, 0, 0, 2]);
    expect(counts.pending).toEqual({ duplicatePairs: 1, stillScreened: 5, stillAssessed: 2 });
    expect(counts.provisional).toBe(true);
    expect(counts.otherMethods.shown).toBe(false);
    expect(reconcile(counts)).toEqual([]);

    // Deciding the pair and everything else makes it final.
    const [pair] = await s.db.kysely.selectFrom('duplicatePair').select('id').where('reviewId', '=', s.reviewId).where('status', '=', 'pending').execute();
    await decidePair(s.db.kysely, owner, pair!.id, 'versions');
    for (const key of ['P', 'E']) await ta(key, 'exclude');
    await ta('C', 'exclude');
    for (const recordId of [...(await s.db.kysely.selectFrom('record').select('id').where('reviewId', '=', s.reviewId).where('batchId', '=', (await s.db.kysely.selectFrom('importBatch').select('id').where('sourceName', '=', 'ICTRP').executeTakeFirstOrThrow()).id).execute())].map((r) => r.id)) {
      await decide(s.db.kysely, owner, { recordId, stage: 'title_abstract', decision: 'exclude', reasonId: null, note: '', labels: [] });
    }
    for (const reviewer of s.reviewers) {
      for (const key of ['A', 'B']) {
        if (reviewer === s.reviewers[0] && key === 'B') continue;
        await decide(s.db.kysely, { reviewId: s.reviewId, actorId: reviewer }, { recordId: id(key), stage: 'full_text', decision: 'include', reasonId: null, note: '', labels: [] });
      }
    }
    const done = await prismaCounts(s.db.kysely, s.reviewId);
    expect(done.provisional).toBe(false);
    expect([done.databasesAndRegisters.recordsExcluded, done.databasesAndRegisters.included]).toEqual([6, 2]);
    expect(done.included).toEqual({ studies: 2, reports: 2 });
    expect(reconcile(done)).toEqual([]);
  });

  it('counts a duplicate in the column of its own search', async () => {
    const owner = { reviewId: s.reviewId, actorId: s.owner };
    const original = work('X', { abstract: 'A long, full abstract.' });
    await importSearch(s, 'database', 'Scopus', [original]);
    await importSearch(s, 'website', 'A charity’s reports page', [copyOf('Y', original, { abstract: '', volume: '', pages: '' })]);
    await detectDuplicates(s.db.kysely, owner);
    const counts = await prismaCounts(s.db.kysely, s.reviewId);
    expect([counts.databasesAndRegisters.identified, counts.databasesAndRegisters.duplicates, counts.databasesAndRegisters.screened]).toEqual([1, 0, 1]);
    expect(counts.otherMethods.imported).toMatchObject({ records: 1, duplicates: 1, screened: 0 });
    expect(counts.provisional).toBe(true); // one record still to screen
    expect(reconcile(counts)).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../../src/db/migrate.js';
import { prismaCounts } from '../../../src/prisma/prisma-counts.js';
import { syncTitleAbstractItems } from '../../../src/screening/screening-items.js';
import { decide, resolve, undoLatest, type DecisionInput } from '../../../src/screening/screening-service.js';
import { changeSettings } from '../../../src/screening/settings-service.js';
import { migrationsBefore } from '../../support/migrations-before.js';
import { insertSearch } from '../../support/record-fixtures.js';
import { countersAndTruth, screeningDb, type ScreeningDb } from '../../support/screening-fixtures.js';

const FT = 'full_text' as const;

describe('migration 0013: uses of "Not retrievable" become not retrieved', () => {
  let s: ScreeningDb;
  let folder: { dir: string; remove(): void };
  let r: number[];
  let notRetrievable: number;
  let rita: number;
  let sam: number;
  let eventsBefore: unknown[];

  const item = (recordId: number) => s.db.sqlite.prepare("SELECT status, outcome, final_decision AS final FROM screening_item WHERE record_id = ? AND stage = 'full_text'").get(recordId);
  const decisions = (recordId: number) => s.db.sqlite.prepare("SELECT reviewer_id AS reviewer, decision, reason_id AS reason FROM screening_decision WHERE record_id = ? AND stage = 'full_text' ORDER BY reviewer_id").all(recordId);
  const events = () => s.db.sqlite.prepare('SELECT * FROM screening_event ORDER BY id').all();

  beforeAll(async () => {
    folder = migrationsBefore(13);
    s = await screeningDb(['Rita', 'Sam'], folder.dir);
    // Today's services, which write the rows below, read the columns migrations 0023 and 0024 add (0023 rebuilds the table anyway).
    for (const column of ['recall_target REAL NOT NULL DEFAULT 0.95', 'stopped_at TEXT', 'stopped_by INTEGER', 'stopped_through INTEGER']) s.db.sqlite.exec(`ALTER TABLE screening_setting ADD COLUMN ${column}`);
    [rita, sam] = s.reviewers as [number, number];
    notRetrievable = (await s.db.kysely.insertInto('exclusionReason').values({ reviewId: s.reviewId, list: FT, position: 9, text: 'Not retrievable' }).returning('id').executeTakeFirstOrThrow()).id;
    ({ ids: r } = await insertSearch(s.db.kysely, s.reviewId, Array.from({ length: 6 }, (_, i) => ({ title: `Report ${i + 1} on desistance`, year: 2010 + i }))));
    await s.db.kysely.transaction().execute((trx) => syncTitleAbstractItems(trx, s.reviewId));
    const as = (actorId: number) => ({ reviewId: s.reviewId, actorId });
    for (const id of r) await decide(s.db.kysely, as(rita), { recordId: id, stage: 'title_abstract', decision: 'include', reasonId: null, note: '', labels: [] });
    await changeSettings(s.db.kysely, as(s.owner), FT, { reviewersNeeded: 2, blind: true, recordOrder: 'import', orderSeed: 1, maybeAdvances: true, arbiterId: null });

    const ft = (who: number, recordId: number, decision: DecisionInput['decision'], reasonId: number | null = null) =>
      decide(s.db.kysely, as(who), { recordId, stage: FT, decision, reasonId, note: '', labels: [] });
    const wrongPopulation = s.reasons.full_text[0]!;
    // 1: both could not obtain it. 2: Sam read it and excluded it. 3: Sam read it and included it; the owner agreed.
    // 4: only Sam so far, who could not obtain it. 5: a real conflict the owner closed as "Not retrievable". 6: untouched.
    await ft(rita, r[0]!, 'exclude', notRetrievable);
    await ft(sam, r[0]!, 'exclude', notRetrievable);
    await ft(rita, r[1]!, 'exclude', notRetrievable);
    await ft(sam, r[1]!, 'exclude', wrongPopulation);
    await ft(rita, r[2]!, 'exclude', notRetrievable);
    await ft(sam, r[2]!, 'include');
    await resolve(s.db.kysely, as(s.owner), { recordId: r[2]!, stage: FT, decision: 'include', reasonId: null, note: '' });
    await ft(rita, r[4]!, 'include');
    await ft(sam, r[4]!, 'exclude', wrongPopulation);
    await resolve(s.db.kysely, as(s.owner), { recordId: r[4]!, stage: FT, decision: 'exclude', reasonId: notRetrievable, note: 'Library could not get it' });
    await ft(rita, r[5]!, 'exclude', wrongPopulation);
    await ft(sam, r[5]!, 'exclude', wrongPopulation);
    await ft(sam, r[3]!, 'exclude', notRetrievable);
    expect((await prismaCounts(s.db.kysely, s.reviewId)).databasesAndRegisters.reasons.map((line) => line.reason)).toContain('Not retrievable');

    eventsBefore = events();
    migrate(s.db.sqlite);
  });

  afterAll(async () => {
    await s.close();
    folder.remove();
  });

  it('marks not retrieved the reports nobody could obtain, and PRISMA counts them there', async () => {
    expect(item(r[0]!)).toEqual({ status: 'not_retrieved', outcome: null, final: null });
    expect(item(r[3]!)).toEqual({ status: 'not_retrieved', outcome: null, final: null });
    expect(decisions(r[0]!)).toEqual([]);
    const flow = (await prismaCounts(s.db.kysely, s.reviewId)).databasesAndRegisters;
    expect(flow.notRetrieved).toBe(2);
    expect(flow.reasons.map((line) => line.reason)).not.toContain('Not retrievable');
  });

  it('withdraws only the "Not retrievable" decisions on reports someone else assessed', () => {
    expect(item(r[1]!)).toEqual({ status: 'open', outcome: null, final: null });
    expect(decisions(r[1]!)).toEqual([{ reviewer: sam, decision: 'exclude', reason: s.reasons.full_text[0] }]);
    expect(item(r[2]!)).toEqual({ status: 'decided', outcome: 'include', final: 'include' });
    expect(decisions(r[2]!)).toEqual([{ reviewer: sam, decision: 'include', reason: null }]);
    expect(item(r[4]!)).toEqual({ status: 'conflict', outcome: null, final: null });
    expect(decisions(r[4]!)).toHaveLength(2);
    expect(item(r[5]!)).toEqual({ status: 'decided', outcome: 'exclude', final: null });
  });

  it('removes the reason, keeps the counters exact, and appends to the history without rewriting it', async () => {
    expect(s.db.sqlite.prepare('SELECT count(*) FROM exclusion_reason WHERE id = ?').pluck().get(notRetrievable)).toBe(0);
    const { counters, truth } = await countersAndTruth(s.db, s.reviewId);
    expect(counters).toEqual(truth);
    const counted = (id: number) => s.db.sqlite.prepare('SELECT value FROM review_counter WHERE review_id = ? AND name = ?').pluck().get(s.reviewId, `ft_by:${id}`);
    const decided = (id: number) => s.db.sqlite.prepare("SELECT count(*) FROM screening_decision WHERE stage = 'full_text' AND reviewer_id = ?").pluck().get(id);
    expect([counted(rita), counted(sam)]).toEqual([decided(rita), decided(sam)]);

    const after = events() as Array<{ id: number; kind: string; record_id: number; before_json: string | null; after_json: string | null; undoes: number | null }>;
    expect(after.slice(0, eventsBefore.length)).toEqual(eventsBefore);
    const added = after.slice(eventsBefore.length);
    // Five decisions and one final decision withdrawn, two reports marked not retrieved.
    expect(added.map((e) => e.kind).sort()).toEqual(['decision', 'decision', 'decision', 'decision', 'decision', 'final', 'retrieval', 'retrieval']);
    for (const withdrawal of added.filter((e) => e.kind !== 'retrieval')) {
      const undone = after.find((e) => e.id === withdrawal.undoes)!;
      expect(withdrawal.after_json).toBeNull();
      expect(JSON.parse(undone.after_json!)).toEqual(JSON.parse(withdrawal.before_json!));
    }
    const audit = s.db.sqlite.prepare('SELECT actor_id, action, entity_id FROM audit_event WHERE action IN (?, ?) ORDER BY id DESC LIMIT 3').all('screening.not-retrieved', 'reason.remove');
    expect(audit).toEqual([
      { actor_id: null, action: 'reason.remove', entity_id: String(notRetrievable) },
      { actor_id: null, action: 'screening.not-retrieved', entity_id: String(r[3]) },
      { actor_id: null, action: 'screening.not-retrieved', entity_id: String(r[0]) },
    ]);
  });

  it('never gives a withdrawn decision back on undo', async () => {
    // Sam's latest decision was "Not retrievable" on report 4: undo reaches past its withdrawal to report 6.
    expect(await undoLatest(s.db.kysely, { reviewId: s.reviewId, actorId: sam }, FT)).toBe(r[5]);
    expect(item(r[3]!)).toEqual({ status: 'not_retrieved', outcome: null, final: null });
    expect(decisions(r[3]!)).toEqual([]);
  });
});

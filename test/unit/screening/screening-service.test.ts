import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { undoMerge } from '../../../src/dedup/dedup-service.js';
import { detectDuplicates } from '../../../src/dedup/detection.js';
import { ForbiddenError, ValidationError } from '../../../src/domain-errors.js';
import { readCounters } from '../../../src/reviews/stage-counters.js';
import { nextForReviewer, previousForReviewer, seekerOf, type QueuePosition } from '../../../src/screening/screening-queue.js';
import { readSettings } from '../../../src/screening/screening-settings.js';
import { syncTitleAbstractItems } from '../../../src/screening/screening-items.js';
import { decide, resolve, setNotRetrieved, undoEvent, undoLatest, type DecisionInput } from '../../../src/screening/screening-service.js';
import { changeSettings, type SettingsChange } from '../../../src/screening/settings-service.js';
import { insertSearch } from '../../support/record-fixtures.js';
import { countersAndTruth, screeningDb, type ScreeningDb } from '../../support/screening-fixtures.js';

let s: ScreeningDb;
let ids: number[];
const TA = 'title_abstract' as const;
const FT = 'full_text' as const;

beforeEach(async () => {
  s = await screeningDb();
  ({ ids } = await insertSearch(s.db.kysely, s.reviewId, Array.from({ length: 6 }, (_, i) => ({ title: `Study ${i + 1} of desistance`, year: 2010 + i, doi: `10.1/${i}` }))));
  await s.db.kysely.transaction().execute((trx) => syncTitleAbstractItems(trx, s.reviewId));
});

afterEach(async () => {
  await s.close();
});

const as = (actorId: number) => ({ reviewId: s.reviewId, actorId });
const choice = (recordId: number, decision: DecisionInput['decision'], extra: Partial<DecisionInput> = {}): DecisionInput => ({
  recordId, stage: TA, decision, reasonId: null, note: '', labels: [], ...extra,
});
const settings = (change: Partial<SettingsChange> = {}): SettingsChange => ({
  reviewersNeeded: 1, blind: false, recordOrder: 'import', orderSeed: 1, maybeAdvances: true, arbiterId: null, ...change,
});
const item = (recordId: number, stage: 'title_abstract' | 'full_text' = TA) => s.db.sqlite.prepare('SELECT status, outcome, active FROM screening_item WHERE record_id = ? AND stage = ?').get(recordId, stage);

/** The reviewer's next record as the queue offers it (no leases are taken here). */
const nextFor = async (stage: typeof TA | typeof FT, reviewerId: number, after?: QueuePosition) =>
  nextForReviewer(s.db.kysely, seekerOf(await readSettings(s.db.kysely, s.reviewId, stage), { reviewId: s.reviewId, stage, reviewerId }, Date.now()), after);

async function expectExactCounters() {
  const { counters, truth } = await countersAndTruth(s.db, s.reviewId);
  expect(counters).toEqual(truth);
}

describe('one reviewer per record', () => {
  it('decides records in import order, moves inclusions and maybes to full text, and counts exactly', async () => {
    const [rita] = s.reviewers;
    expect(await nextFor(TA, rita!)).toBe(ids[0]);
    await decide(s.db.kysely, as(rita!), choice(ids[0]!, 'include'));
    await decide(s.db.kysely, as(rita!), choice(ids[1]!, 'exclude', { reasonId: s.reasons.title_abstract[1]!, note: 'Not about desistance', labels: ['adult', ' adult ', 'prison'] }));
    await decide(s.db.kysely, as(rita!), choice(ids[2]!, 'maybe'));
    expect(await nextFor(TA, rita!)).toBe(ids[3]);
    expect(item(ids[0]!)).toEqual({ status: 'decided', outcome: 'include', active: 1 });
    expect(item(ids[0]!, FT)).toMatchObject({ status: 'open' });
    expect(item(ids[2]!, FT)).toMatchObject({ status: 'open' });
    expect(item(ids[1]!, FT)).toBeUndefined();
    const stored = s.db.sqlite.prepare('SELECT reason_id, note, labels_json FROM screening_decision WHERE record_id = ?').get(ids[1]);
    expect(stored).toEqual({ reason_id: s.reasons.title_abstract[1], note: 'Not about desistance', labels_json: '["adult","prison"]' });
    const c = await readCounters(s.db.kysely, s.reviewId);
    expect([c.ta_items, c.ta_screened, c.ta_included, c.ta_maybe, c.ta_excluded, c.ft_items]).toEqual([6, 3, 1, 1, 1, 2]);
    await expectExactCounters();
  });

  it('refuses a reason from another stage or review, and requires one to exclude at full text', async () => {
    const [rita] = s.reviewers;
    await expect(decide(s.db.kysely, as(rita!), choice(ids[0]!, 'exclude', { reasonId: s.reasons.full_text[0]! }))).rejects.toThrow(ValidationError);
    await decide(s.db.kysely, as(rita!), choice(ids[0]!, 'include'));
    await expect(decide(s.db.kysely, as(rita!), choice(ids[0]!, 'exclude', { stage: FT }))).rejects.toThrow(/Give a reason/);
    await decide(s.db.kysely, as(rita!), choice(ids[0]!, 'exclude', { stage: FT, reasonId: s.reasons.full_text[2]! }));
    expect(item(ids[0]!, FT)).toMatchObject({ status: 'decided', outcome: 'exclude' });
    await expect(decide(s.db.kysely, as(rita!), choice(ids[5]!, 'include', { stage: FT }))).rejects.toThrow(/not reached the full-text stage/);
    await expect(decide(s.db.kysely, as(rita!), choice(999_999, 'include'))).rejects.toThrow(/no such record/);
    await expectExactCounters();
  });

  it('undoes the latest changes one after another, back to no decision', async () => {
    const [rita] = s.reviewers;
    await decide(s.db.kysely, as(rita!), choice(ids[0]!, 'include'));
    await decide(s.db.kysely, as(rita!), choice(ids[0]!, 'exclude'));
    await decide(s.db.kysely, as(rita!), choice(ids[1]!, 'maybe'));
    expect(await undoLatest(s.db.kysely, as(rita!), TA)).toBe(ids[1]);
    expect(item(ids[1]!)).toMatchObject({ status: 'open' });
    expect(await undoLatest(s.db.kysely, as(rita!), TA)).toBe(ids[0]);
    expect(item(ids[0]!)).toMatchObject({ outcome: 'include' });
    expect(await undoLatest(s.db.kysely, as(rita!), TA)).toBe(ids[0]);
    expect(item(ids[0]!)).toMatchObject({ status: 'open', outcome: null });
    expect(item(ids[0]!, FT)).toBeUndefined();
    expect(await undoLatest(s.db.kysely, as(rita!), TA)).toBeNull();
    const events = s.db.sqlite.prepare('SELECT count(*) FROM screening_event').pluck().get();
    expect(events).toBe(6);
    await expectExactCounters();
  });

  it('refuses to take a record out of full text once full-text work began', async () => {
    const [rita] = s.reviewers;
    await decide(s.db.kysely, as(rita!), choice(ids[0]!, 'include'));
    await decide(s.db.kysely, as(rita!), choice(ids[0]!, 'include', { stage: FT }));
    await expect(decide(s.db.kysely, as(rita!), choice(ids[0]!, 'exclude'))).rejects.toThrow(/already being assessed at full text/);
    expect(item(ids[0]!)).toMatchObject({ outcome: 'include' });
    await expectExactCounters();
  });

  it('marks a report not retrieved (not assessable, counted), and back', async () => {
    const [rita] = s.reviewers;
    await decide(s.db.kysely, as(rita!), choice(ids[0]!, 'include'));
    await setNotRetrieved(s.db.kysely, as(rita!), ids[0]!, true);
    expect((await readCounters(s.db.kysely, s.reviewId)).ft_not_retrieved).toBe(1);
    expect(await nextFor(FT, rita!)).toBeNull();
    await expect(decide(s.db.kysely, as(rita!), choice(ids[0]!, 'include', { stage: FT }))).rejects.toThrow(/not retrieved/);
    await setNotRetrieved(s.db.kysely, as(rita!), ids[0]!, false);
    expect(await nextFor(FT, rita!)).toBe(ids[0]);
    await expectExactCounters();
  });
});

describe('two reviewers, blind', () => {
  beforeEach(async () => {
    await changeSettings(s.db.kysely, as(s.owner), TA, settings({ reviewersNeeded: 2, blind: true }));
  });

  it('keeps a record open until both decided, then decides it or raises a conflict the owner resolves', async () => {
    const [rita, sam] = s.reviewers;
    await decide(s.db.kysely, as(rita!), choice(ids[0]!, 'include'));
    expect(item(ids[0]!)).toMatchObject({ status: 'open' });
    // Rita moves on; Sam still gets the record she decided.
    expect(await nextFor(TA, rita!)).toBe(ids[1]);
    expect(await nextFor(TA, sam!)).toBe(ids[0]);
    await decide(s.db.kysely, as(sam!), choice(ids[0]!, 'include'));
    expect(item(ids[0]!)).toMatchObject({ status: 'decided', outcome: 'include' });

    await decide(s.db.kysely, as(rita!), choice(ids[1]!, 'include'));
    await decide(s.db.kysely, as(sam!), choice(ids[1]!, 'exclude'));
    expect(item(ids[1]!)).toMatchObject({ status: 'conflict', outcome: null });
    expect((await readCounters(s.db.kysely, s.reviewId)).ta_conflicts).toBe(1);
    // A third reviewer cannot add a decision to a record that has the two it needs.
    await expect(decide(s.db.kysely, as(s.owner), choice(ids[1]!, 'exclude'))).rejects.toThrow(/already has the 2 decisions/);

    await expect(resolve(s.db.kysely, as(rita!), { recordId: ids[1]!, stage: TA, decision: 'include', reasonId: null, note: '' })).rejects.toThrow(ForbiddenError);
    await resolve(s.db.kysely, as(s.owner), { recordId: ids[1]!, stage: TA, decision: 'include', reasonId: null, note: 'Talked it through' });
    expect(item(ids[1]!)).toMatchObject({ status: 'decided', outcome: 'include' });
    // A second resolution (another tab, another resolver) is refused, not written over the first.
    await expect(resolve(s.db.kysely, as(s.owner), { recordId: ids[1]!, stage: TA, decision: 'exclude', reasonId: null, note: '' })).rejects.toThrow(/has already resolved this conflict: Include\./);
    expect(item(ids[1]!)).toMatchObject({ outcome: 'include' });
    // The individual decisions are kept apart from the final one.
    expect(s.db.sqlite.prepare('SELECT decision FROM screening_decision WHERE record_id = ? ORDER BY reviewer_id').pluck().all(ids[1])).toEqual(['include', 'exclude']);
    await expectExactCounters();

    // The final decision can be undone from the history: the conflict is back.
    const finalEvent = s.db.sqlite.prepare("SELECT id FROM screening_event WHERE kind = 'final'").pluck().get() as number;
    await expect(undoEvent(s.db.kysely, as(rita!), finalEvent)).rejects.toThrow(ForbiddenError);
    await undoEvent(s.db.kysely, as(s.owner), finalEvent);
    expect(item(ids[1]!)).toMatchObject({ status: 'conflict' });
    await expectExactCounters();
  });

  it('lets a named arbiter resolve, and refuses to resolve a record without conflict', async () => {
    const [rita, sam] = s.reviewers;
    await changeSettings(s.db.kysely, as(s.owner), TA, settings({ reviewersNeeded: 2, blind: true, arbiterId: sam! }));
    await decide(s.db.kysely, as(rita!), choice(ids[2]!, 'maybe'));
    await expect(resolve(s.db.kysely, as(sam!), { recordId: ids[2]!, stage: TA, decision: 'include', reasonId: null, note: '' })).rejects.toThrow(/disagree/);
    await decide(s.db.kysely, as(s.owner), choice(ids[2]!, 'exclude'));
    await resolve(s.db.kysely, as(sam!), { recordId: ids[2]!, stage: TA, decision: 'exclude', reasonId: s.reasons.title_abstract[0]!, note: '' });
    expect(item(ids[2]!)).toMatchObject({ outcome: 'exclude' });
    await expectExactCounters();
  });

  it('re-derives every record when the owner changes the number of reviewers', async () => {
    const [rita] = s.reviewers;
    await decide(s.db.kysely, as(rita!), choice(ids[0]!, 'include'));
    await decide(s.db.kysely, as(rita!), choice(ids[1]!, 'exclude'));
    expect((await readCounters(s.db.kysely, s.reviewId)).ta_screened).toBe(0);
    await changeSettings(s.db.kysely, as(s.owner), TA, settings({ reviewersNeeded: 1 }));
    expect((await readCounters(s.db.kysely, s.reviewId)).ta_screened).toBe(2);
    expect(item(ids[0]!, FT)).toMatchObject({ status: 'open' });
    await expectExactCounters();
  });
});

describe('order, navigation and duplicates', () => {
  it('offers records in a seeded random order that every reviewer shares, or by year', async () => {
    const [rita, sam] = s.reviewers;
    const order = async (reviewer: number) => {
      const seen: number[] = [];
      for (let id = await nextFor(TA, reviewer); id !== null; id = await nextFor(TA, reviewer)) {
        seen.push(id);
        await decide(s.db.kysely, as(reviewer), choice(id, 'exclude'));
      }
      return seen;
    };
    await changeSettings(s.db.kysely, as(s.owner), TA, settings({ reviewersNeeded: 2, recordOrder: 'random', orderSeed: 42 }));
    const ritas = await order(rita!);
    expect([...ritas].sort((a, b) => a - b)).toEqual(ids);
    expect(ritas).not.toEqual(ids);
    expect(await order(sam!)).toEqual(ritas);

    await changeSettings(s.db.kysely, as(s.owner), TA, settings({ reviewersNeeded: 3, recordOrder: 'year_newest' }));
    expect(await order(s.owner)).toEqual([...ids].reverse());
  });

  it('skips ahead and goes back through the reviewer’s own decisions', async () => {
    const [rita] = s.reviewers;
    const position = (recordId: number) => ({ sortKey: recordId, recordId });
    expect(await nextFor(TA, rita!, position(ids[0]!))).toBe(ids[1]);
    expect(await nextFor(TA, rita!, position(ids[5]!))).toBe(ids[0]);
    await decide(s.db.kysely, as(rita!), choice(ids[3]!, 'include'));
    await decide(s.db.kysely, as(rita!), choice(ids[1]!, 'include'));
    expect(await previousForReviewer(s.db.kysely, s.reviewId, TA, rita!)).toBe(ids[1]);
    const decidedAt = s.db.sqlite.prepare('SELECT decided_at FROM screening_decision WHERE record_id = ?').pluck().get(ids[1]) as string;
    expect(await previousForReviewer(s.db.kysely, s.reviewId, TA, rita!, { decidedAt, recordId: ids[1]! })).toBe(ids[3]);
  });

  it('never offers a duplicate, keeps its decisions, and counts it again when the merge is undone', async () => {
    const [rita] = s.reviewers;
    const { ids: [copy] } = await insertSearch(s.db.kysely, s.reviewId, [{ title: 'Study 1 of desistance', year: 2010, doi: '10.1/0', abstract: 'A longer abstract makes this the primary.' }]);
    await s.db.kysely.transaction().execute((trx) => syncTitleAbstractItems(trx, s.reviewId));
    await decide(s.db.kysely, as(rita!), choice(ids[0]!, 'include'));
    const { merges } = await detectDuplicates(s.db.kysely, as(s.owner));
    expect(merges).toHaveLength(1);
    expect(item(ids[0]!)).toMatchObject({ active: 0, outcome: 'include' });
    expect((await readCounters(s.db.kysely, s.reviewId)).ta_included).toBe(0);
    await expect(decide(s.db.kysely, as(rita!), choice(ids[0]!, 'exclude'))).rejects.toThrow(/duplicate/);
    expect(await nextFor(TA, rita!)).toBe(ids[1]);
    await expectExactCounters();

    await undoMerge(s.db.kysely, as(s.owner), merges[0]!);
    expect(item(ids[0]!)).toMatchObject({ active: 1, outcome: 'include' });
    expect((await readCounters(s.db.kysely, s.reviewId)).ta_included).toBe(1);
    expect(copy).toBeGreaterThan(ids[5]!);
    await expectExactCounters();
  });
});

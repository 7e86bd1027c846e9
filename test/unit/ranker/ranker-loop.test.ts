import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RankerLoop } from '../../../src/ranker/ranker-loop.js';
import { stageEstimate } from '../../../src/ranker/stopping-estimate.js';
import { decodeTermCounts, documentText, termCounts } from '../../../src/ranking/text-features.js';
import { nextForReviewer } from '../../../src/screening/screening-queue.js';
import { syncTitleAbstractItems } from '../../../src/screening/screening-items.js';
import { decide, resolve, type DecisionInput } from '../../../src/screening/screening-service.js';
import { changeSettings, type SettingsChange } from '../../../src/screening/settings-service.js';
import { seededRank } from '../../../src/ranking/seeded-rank.js';
import { insertSearch } from '../../support/record-fixtures.js';
import { byTopic, RELEVANCE_RECORDS } from '../../support/relevance-records.js';
import { openInQueueOrder as queueOrder, sortKeys as keysOf } from '../../support/ranked.js';
import { rankerTestDb, type RankerTestDb } from './ranker-test-db.js';

const TA = 'title_abstract' as const;
const SEED = 7;

let s: RankerTestDb;
let onTopic: number[];
let offTopic: number[];
let loop: RankerLoop;

beforeEach(async () => {
  s = await rankerTestDb();
  const { ids } = await insertSearch(s.db.kysely, s.reviewId, RELEVANCE_RECORDS);
  ({ onTopic, offTopic } = byTopic(ids));
  await s.db.kysely.transaction().execute((trx) => syncTitleAbstractItems(trx, s.reviewId));
  loop = new RankerLoop(s.db, () => undefined, { gapMs: 0 });
});

afterEach(async () => {
  await s.close();
});

const settings = (change: Partial<SettingsChange> = {}): SettingsChange => ({
  reviewersNeeded: 1, blind: false, recordOrder: 'relevance', orderSeed: SEED, maybeAdvances: true, arbiterId: null, ...change,
});
const as = (actorId: number) => ({ reviewId: s.reviewId, actorId });
const choice = (recordId: number, decision: DecisionInput['decision']): DecisionInput => ({ recordId, stage: TA, decision, reasonId: null, note: '', labels: [] });
const runUntilIdle = async () => {
  let steps = 0;
  while (await loop.step()) steps++;
  return steps;
};
const state = () =>
  s.db.kysely
    .selectFrom('rankingStage')
    .select(['version', 'rankedVersion', 'rankedBy', 'relevantLabels as relevant', 'irrelevantLabels as irrelevant', 'estimateJson as estimate'])
    .where('reviewId', '=', s.reviewId)
    .where('stage', '=', TA)
    .executeTakeFirstOrThrow();
const openInQueueOrder = () => queueOrder(s.db.kysely, s.reviewId);
const sortKeys = () => keysOf(s.db.kysely, s.reviewId);
const termsOf = async (recordId: number) => (await s.db.kysely.selectFrom('recordTerms').select('terms').where('recordId', '=', recordId).executeTakeFirstOrThrow()).terms;

describe('features', () => {
  it('are built for every record, and built again when its title or abstract is edited', async () => {
    await runUntilIdle();
    const stored = await s.db.kysely.selectFrom('record as r').innerJoin('recordTerms as t', 't.recordId', 'r.id').select(['r.id', 'r.title', 'r.abstract', 't.terms']).where('r.reviewId', '=', s.reviewId).execute();
    expect(stored).toHaveLength(20);
    // Each blob as the database gives it back (a Buffer from either driver) decodes to what was encoded.
    for (const r of stored) expect(decodeTermCounts(r.terms!)).toEqual(termCounts(documentText(r.title, r.abstract)));

    await s.db.kysely.updateTable('record').set({ abstract: 'Peer mentoring by former prisoners' }).where('id', '=', offTopic[0]!).execute();
    expect(await termsOf(offTopic[0]!)).toBeNull();
    expect(await runUntilIdle()).toBe(1);
    expect(decodeTermCounts((await termsOf(offTopic[0]!))!)).toEqual(termCounts(documentText(RELEVANCE_RECORDS[1]!.title, 'Peer mentoring by former prisoners')));
  });
});

describe('relevance order', () => {
  it('keeps the seeded order until one include and one exclude, then offers the likely relevant records first', async () => {
    const [rita] = s.reviewers as [number];
    await changeSettings(s.db.kysely, as(s.owner), TA, settings());
    await runUntilIdle();
    expect((await state()).rankedBy).toBe('seeded');
    for (const [id, key] of await sortKeys()) expect(key).toBe(seededRank(SEED, id));

    await decide(s.db.kysely, as(rita), choice(onTopic[0]!, 'include'));
    await runUntilIdle();
    expect(await state()).toMatchObject({ rankedBy: 'seeded', relevant: 1, irrelevant: 0 });

    await decide(s.db.kysely, as(rita), choice(offTopic[0]!, 'exclude'));
    await runUntilIdle();
    expect(await state()).toMatchObject({ rankedBy: 'model', relevant: 1, irrelevant: 1 });
    const order = await openInQueueOrder();
    expect(new Set(order.slice(0, 9))).toEqual(new Set(onTopic.slice(1)));
    expect(await nextForReviewer(s.db.kysely, { reviewId: s.reviewId, stage: TA, reviewerId: rita, needed: 1, now: Date.now(), beyond: 0 })).toBe(order[0]);
    // The ranking's keys lie in the unit interval below every key before it (the seeded ones in [0, 1)).
    const keys = await sortKeys();
    for (const id of order) expect(keys.get(id)).toBeGreaterThan(-1);
    for (const id of order) expect(keys.get(id)).toBeLessThan(0);
  });

  it('learns from settled outcomes only, and in a blind pair ten at a time: no single settling moves the order', async () => {
    const [rita, sam] = s.reviewers as [number, number];
    await changeSettings(s.db.kysely, as(s.owner), TA, settings({ reviewersNeeded: 2, blind: true }));
    await runUntilIdle();
    const seeded = await sortKeys();
    const both = async (id: number, decision: DecisionInput['decision']) => {
      await decide(s.db.kysely, as(rita), choice(id, decision));
      await decide(s.db.kysely, as(sam), choice(id, decision));
    };

    // A single vote changes no status: nothing to rank again.
    await decide(s.db.kysely, as(rita), choice(onTopic[0]!, 'include'));
    await decide(s.db.kysely, as(rita), choice(offTopic[0]!, 'exclude'));
    expect((await state()).version).toBe((await state()).rankedVersion);
    expect(await runUntilIdle()).toBe(0);

    // Sam agrees on one and not the other; the owner resolves it. Two settled: not yet a batch.
    await decide(s.db.kysely, as(sam), choice(onTopic[0]!, 'include'));
    await decide(s.db.kysely, as(sam), choice(offTopic[0]!, 'include'));
    await resolve(s.db.kysely, as(s.owner), { recordId: offTopic[0]!, stage: TA, decision: 'exclude', reasonId: s.reasons[0]!, note: '' });
    for (let k = 1; k <= 3; k++) {
      await both(onTopic[k]!, 'include');
      await both(offTopic[k]!, 'exclude');
    }
    await runUntilIdle();
    expect(await state()).toMatchObject({ rankedBy: 'seeded', relevant: 0, irrelevant: 0 });
    for (const [id, key] of await sortKeys()) expect(key).toBe(seeded.get(id));

    // The ninth and tenth settle: the model learns from all ten at once.
    await both(onTopic[4]!, 'include');
    await runUntilIdle();
    expect(await state()).toMatchObject({ rankedBy: 'seeded', relevant: 0, irrelevant: 0 });
    await both(offTopic[4]!, 'exclude');
    await runUntilIdle();
    expect(await state()).toMatchObject({ rankedBy: 'model', relevant: 5, irrelevant: 5 });
    expect(new Set((await openInQueueOrder()).slice(0, 5))).toEqual(new Set(onTopic.slice(5)));
  });

  it('ranks once for decisions that arrived while it was busy, and stores the stopping estimate of the settled order', async () => {
    const [rita] = s.reviewers as [number];
    await changeSettings(s.db.kysely, as(s.owner), TA, settings());
    await runUntilIdle();
    const decided = [onTopic[0]!, offTopic[0]!, offTopic[1]!, onTopic[1]!, offTopic[2]!];
    for (const id of decided) await decide(s.db.kysely, as(rita), choice(id, onTopic.includes(id) ? 'include' : 'exclude'));
    // A note added later to the first decision does not move it in the order the records settled in.
    await decide(s.db.kysely, as(rita), { ...choice(decided[0]!, 'include'), note: 'Italian case' });
    expect(await runUntilIdle()).toBe(1);
    expect((await state()).rankedVersion).toBe((await state()).version);
    expect(JSON.parse((await state()).estimate!)).toEqual(JSON.parse(JSON.stringify(stageEstimate(Uint8Array.from([1, 0, 0, 1, 0]), 20, 0.95))));
  });

  it('places the first few of each ranking ahead of every earlier ranking, leaving the rest where they were', async () => {
    const [rita] = s.reviewers as [number];
    const topFive = new RankerLoop(s.db, () => undefined, { top: 5, gapMs: 0 });
    const rank = async () => { while (await topFive.step()); };
    await changeSettings(s.db.kysely, as(s.owner), TA, settings());
    await decide(s.db.kysely, as(rita), choice(onTopic[0]!, 'include'));
    await decide(s.db.kysely, as(rita), choice(offTopic[0]!, 'exclude'));
    await rank();
    const first = (await openInQueueOrder()).slice(0, 5);
    expect(onTopic).toEqual(expect.arrayContaining(first));
    const seededKeys = await sortKeys();
    for (const [id, key] of seededKeys) if (!first.includes(id) && id !== onTopic[0] && id !== offTopic[0]) expect(key).toBe(seededRank(SEED, id));

    await decide(s.db.kysely, as(rita), choice(first[0]!, 'include'));
    await rank();
    const second = (await openInQueueOrder()).slice(0, 5);
    expect(onTopic).toEqual(expect.arrayContaining(second));
    // The four left of the first ranking's five are among this ranking's five (the model still ranks them highest).
    expect(second).toEqual(expect.arrayContaining(first.slice(1)));
  });

  it('ranks a stage again only once its gap has passed, taking every decision made meanwhile', async () => {
    const [rita] = s.reviewers as [number];
    const slow = new RankerLoop(s.db, () => undefined, { gapMs: 300 });
    await changeSettings(s.db.kysely, as(s.owner), TA, settings());
    while (await slow.step());
    await decide(s.db.kysely, as(rita), choice(onTopic[0]!, 'include'));
    await decide(s.db.kysely, as(rita), choice(offTopic[0]!, 'exclude'));
    expect(await slow.step()).toBe(false);
    expect((await state()).rankedVersion).toBeLessThan((await state()).version);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await slow.step()).toBe(true);
    expect(await state()).toMatchObject({ rankedBy: 'model', relevant: 1, irrelevant: 1 });
    expect((await state()).rankedVersion).toBe((await state()).version);
  });

  it('leaves the order to the new setting when an owner switches away from relevance', async () => {
    const [rita] = s.reviewers as [number];
    await changeSettings(s.db.kysely, as(s.owner), TA, settings());
    await decide(s.db.kysely, as(rita), choice(onTopic[0]!, 'include'));
    await decide(s.db.kysely, as(rita), choice(offTopic[0]!, 'exclude'));
    await runUntilIdle();
    await changeSettings(s.db.kysely, as(s.owner), TA, settings({ recordOrder: 'import' }));
    expect(await runUntilIdle()).toBe(0);
    for (const [id, key] of await sortKeys()) expect(key).toBe(id);
  });
});

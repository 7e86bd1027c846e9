import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addCode } from '../../../src/coding/codebook-service.js';
import { addTemplate } from '../../../src/coding/codebook-transfer.js';
import { codebookTree, codingOfStudies, flattenCodebook } from '../../../src/coding/coding-queries.js';
import { addExcerpt, deleteExcerpt, editExcerpt, setStudyCode, setStudyMemo } from '../../../src/coding/coding-service.js';
import { NotFoundError, ValidationError } from '../../../src/domain-errors.js';
import { decide } from '../../../src/screening/screening-service.js';
import { codingCounters, codingDb, snapshot, type CodingDb } from './coding-db.js';

let s: CodingDb;
let codes: Record<string, number>;
let rita: { reviewId: number; actorId: number };

beforeEach(async () => {
  s = await codingDb();
  await addTemplate(s.db.kysely, s.ctx);
  codes = Object.fromEntries(flattenCodebook(await codebookTree(s.db.kysely, s.reviewId)).map((c) => [c.name, c.id]));
  rita = { reviewId: s.reviewId, actorId: s.reviewers[0]! };
});

afterEach(async () => {
  await s.close();
});

const audit = (action: string) =>
  s.db.sqlite.prepare('SELECT actor_id, entity, entity_id, before_json, after_json FROM audit_event WHERE action = ? ORDER BY id').all(action) as Array<{ actor_id: number; entity: string; entity_id: string; before_json: string | null; after_json: string | null }>;

async function expectExactCounters(expected?: { studiesCoded: number; excerpts: number }) {
  const { kept, truth } = await codingCounters(s);
  expect(kept).toEqual(truth);
  if (expected) expect(kept).toEqual(expected);
}

async function refused(field: string, change: () => Promise<unknown>, message?: RegExp): Promise<void> {
  const before = snapshot(s);
  const error = await change().then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ValidationError);
  expect(Object.keys((error as ValidationError).fields)).toContain(field);
  if (message) expect((error as ValidationError).message).toMatch(message);
  expect(snapshot(s)).toEqual(before);
}

const excerpt = (codeIds: number[], more: Partial<{ text: string; location: string; memo: string; language: string; translation: string; translator: string }> = {}) => ({ text: 'A quoted passage.', location: 'p. 12', memo: '', codeIds, ...more });

describe('codes on a study', () => {
  it('applies and removes codes, attributed and audited, keeping studies_coded exact', async () => {
    const [s1, s2] = s.studies as [number, number];
    expect(await setStudyCode(s.db.kysely, rita, s1, codes.Relational!, true)).toBe(true);
    expect(await setStudyCode(s.db.kysely, rita, s1, codes.Relational!, true)).toBe(false);
    await setStudyCode(s.db.kysely, rita, s1, codes.Enables!, true);
    await setStudyCode(s.db.kysely, s.ctx, s2, codes.Hope!, true);
    await expectExactCounters({ studiesCoded: 2, excerpts: 0 });
    expect(s.db.sqlite.prepare('SELECT created_by FROM study_code WHERE record_id = ? ORDER BY code_id').pluck().all(s1)).toEqual([rita.actorId, rita.actorId]);
    expect(await setStudyCode(s.db.kysely, rita, s1, codes.Relational!, false)).toBe(true);
    await expectExactCounters({ studiesCoded: 2, excerpts: 0 });
    await setStudyCode(s.db.kysely, rita, s1, codes.Enables!, false);
    expect(await setStudyCode(s.db.kysely, rita, s1, codes.Enables!, false)).toBe(false);
    await expectExactCounters({ studiesCoded: 1, excerpts: 0 });
    expect(audit('coding.apply')).toHaveLength(3);
    expect(audit('coding.remove')[0]).toEqual({ actor_id: rita.actorId, entity: 'study', entity_id: String(s1), before_json: JSON.stringify({ codeId: codes.Relational, code: 'Relational' }), after_json: null });
  });

  it('refuses records that are not included studies, another review’s records and codes', async () => {
    const [notIncluded] = s.notIncluded as [number];
    await refused('study', () => setStudyCode(s.db.kysely, rita, notIncluded, codes.Hope!, true), /is not an included study: only records included at full text are coded/);
    await refused('study', () => addExcerpt(s.db.kysely, rita, notIncluded, excerpt([codes.Hope!])));
    await refused('study', () => setStudyMemo(s.db.kysely, rita, notIncluded, 'Memo'));
    const foreign = await addCode(s.db.kysely, { reviewId: s.otherReviewId, actorId: s.owner }, { parentId: null, name: 'Elsewhere', description: '', colour: '' });
    await refused('code', () => setStudyCode(s.db.kysely, rita, s.studies[0]!, foreign, true), /not in this review’s codebook/);
    await refused('codeIds', () => addExcerpt(s.db.kysely, rita, s.studies[0]!, excerpt([codes.Hope!, foreign])));
    await expect(setStudyCode(s.db.kysely, { reviewId: s.otherReviewId, actorId: s.owner }, s.studies[0]!, foreign, true)).rejects.toBeInstanceOf(NotFoundError);
    await expect(setStudyCode(s.db.kysely, rita, 99_999, codes.Hope!, true)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('excerpts', () => {
  it('adds, edits and deletes excerpts with their codes, attributed and audited, the counters exact throughout', async () => {
    const [s1, s2] = s.studies as [number, number];
    const e1 = await addExcerpt(s.db.kysely, rita, s1, excerpt([codes.Hope!, codes.Agency!, codes.Hope!], { text: '  “I’m not that person any more.”\r\nSecond line. ', memo: 'Identity talk' }));
    await expectExactCounters({ studiesCoded: 1, excerpts: 1 });
    const e2 = await addExcerpt(s.db.kysely, s.ctx, s1, excerpt([codes.Italy!]));
    const e3 = await addExcerpt(s.db.kysely, s.ctx, s2, excerpt([codes.Systemic!, codes.Constrains!]));
    await expectExactCounters({ studiesCoded: 2, excerpts: 3 });

    const coding = await codingOfStudies(s.db.kysely, s.reviewId, [s1, s2, s.studies[2]!]);
    const first = coding.get(s1)!.excerpts[0]!;
    expect(first).toMatchObject({ id: e1, text: '“I’m not that person any more.”\nSecond line.', location: 'p. 12', memo: 'Identity talk', createdBy: rita.actorId, createdByName: 'Rita' });
    expect(first.codeIds).toEqual([codes.Hope, codes.Agency].sort((a, b) => a! - b!));
    expect(coding.get(s1)!.excerpts.map((e) => e.id)).toEqual([e1, e2]);
    expect(coding.get(s.studies[2]!)).toEqual({ recordId: s.studies[2], codeIds: [], excerpts: [], memo: '', memoUpdatedByName: null, memoUpdatedAt: null });

    expect(await editExcerpt(s.db.kysely, s.ctx, e1, excerpt([codes.Hope!], { text: 'Shorter.', location: 'p. 13', memo: '' }))).toBe(true);
    expect(await editExcerpt(s.db.kysely, s.ctx, e1, excerpt([codes.Hope!], { text: 'Shorter.', location: 'p. 13', memo: '' }))).toBe(false);
    const edited = (await codingOfStudies(s.db.kysely, s.reviewId, [s1])).get(s1)!.excerpts[0]!;
    expect(edited).toMatchObject({ text: 'Shorter.', location: 'p. 13', memo: '', codeIds: [codes.Hope], createdByName: 'Rita', updatedByName: 'Olive' });
    const [editEvent] = audit('excerpt.edit');
    expect(editEvent).toMatchObject({ actor_id: s.owner, entity: 'excerpt', entity_id: String(e1) });
    expect(JSON.parse(editEvent!.before_json!)).toMatchObject({ text: '“I’m not that person any more.”\nSecond line.', codes: ['Hope', 'Agency'] });
    expect(JSON.parse(editEvent!.after_json!)).toMatchObject({ text: 'Shorter.', codes: ['Hope'] });

    await deleteExcerpt(s.db.kysely, rita, e3);
    await expectExactCounters({ studiesCoded: 1, excerpts: 2 });
    expect(JSON.parse(audit('excerpt.delete')[0]!.before_json!)).toMatchObject({ recordId: s2, text: 'A quoted passage.', codes: ['Systemic', 'Constrains'] });
    expect(s.db.sqlite.prepare('SELECT count(*) FROM excerpt_code WHERE excerpt_id = ?').pluck().get(e3)).toBe(0);
    // A study with a code and an excerpt stays coded until both are gone.
    await setStudyCode(s.db.kysely, rita, s1, codes.Enables!, true);
    await deleteExcerpt(s.db.kysely, rita, e1);
    await deleteExcerpt(s.db.kysely, rita, e2);
    await expectExactCounters({ studiesCoded: 1, excerpts: 0 });
    await setStudyCode(s.db.kysely, rita, s1, codes.Enables!, false);
    await expectExactCounters({ studiesCoded: 0, excerpts: 0 });
    expect(audit('excerpt.add')).toHaveLength(3);
  });

  it('refuses empty or long text, a long location or memo, no codes, and another study’s excerpt — writing nothing', async () => {
    const [s1, s2] = s.studies as [number, number];
    const id = await addExcerpt(s.db.kysely, rita, s1, excerpt([codes.Hope!]));
    await refused('text', () => addExcerpt(s.db.kysely, rita, s1, excerpt([codes.Hope!], { text: '  \n ' })), /quoted text/);
    await refused('text', () => addExcerpt(s.db.kysely, rita, s1, excerpt([codes.Hope!], { text: 'x'.repeat(20_001) })), /under 20,000 characters \(it has 20,001\)/);
    await refused('location', () => addExcerpt(s.db.kysely, rita, s1, excerpt([codes.Hope!], { location: 'p'.repeat(101) })));
    await refused('memo', () => addExcerpt(s.db.kysely, rita, s1, excerpt([codes.Hope!], { memo: 'm'.repeat(5001) })));
    await refused('codeIds', () => addExcerpt(s.db.kysely, rita, s1, excerpt([])), /at least one code/);
    await refused('codeIds', () => editExcerpt(s.db.kysely, rita, id, excerpt([])));
    await expect(editExcerpt(s.db.kysely, rita, id, excerpt([codes.Hope!]), s2)).rejects.toBeInstanceOf(NotFoundError);
    await expect(deleteExcerpt(s.db.kysely, rita, id, s2)).rejects.toBeInstanceOf(NotFoundError);
    await expect(deleteExcerpt(s.db.kysely, { reviewId: s.otherReviewId, actorId: s.owner }, id)).rejects.toBeInstanceOf(NotFoundError);
    // Exactly 20,000 characters is allowed.
    await addExcerpt(s.db.kysely, rita, s1, excerpt([codes.Hope!], { text: 'x'.repeat(20_000) }));
    await expectExactCounters({ studiesCoded: 1, excerpts: 2 });
  });
});

describe('excerpts quoted in another language', () => {
  const italian = { text: 'Il lavoro mi ha dato un motivo per restare fuori.', language: 'IT', translation: 'Work gave me a reason to stay out.', translator: '  DeepL,   checked by Anna Rossi ' };
  const synthesisVersion = () => s.db.sqlite.prepare("SELECT value FROM review_counter WHERE review_id = ? AND name = 'synthesis_version'").pluck().get(s.reviewId) as number;

  it('keeps the original, its language as a canonical tag, the translation and the translator, in the coding and the history', async () => {
    const [s1] = s.studies as [number];
    const id = await addExcerpt(s.db.kysely, rita, s1, excerpt([codes.Italy!, codes.Hope!], italian));
    const [stored] = (await codingOfStudies(s.db.kysely, s.reviewId, [s1])).get(s1)!.excerpts;
    expect(stored).toMatchObject({ id, text: italian.text, language: 'it', translation: 'Work gave me a reason to stay out.', translator: 'DeepL, checked by Anna Rossi' });
    expect(JSON.parse(audit('excerpt.add')[0]!.after_json!)).toMatchObject({ recordId: s1, language: 'it', translation: 'Work gave me a reason to stay out.', translator: 'DeepL, checked by Anna Rossi' });
    // Quoted in the review's language (English, whatever the region) or left out: no language kept.
    const english = await addExcerpt(s.db.kysely, rita, s1, excerpt([codes.Hope!], { language: 'en-GB' }));
    const plain = await addExcerpt(s.db.kysely, rita, s1, excerpt([codes.Hope!]));
    const swedish = await addExcerpt(s.db.kysely, rita, s1, excerpt([codes.Sweden!], { text: 'Arbetet gav mig hopp.', language: 'sv-se' }));
    const rows = s.db.sqlite.prepare('SELECT id, language, translation, translator FROM excerpt WHERE id IN (?, ?, ?) ORDER BY id').all(english, plain, swedish);
    expect(rows).toEqual([
      { id: english, language: '', translation: '', translator: '' },
      { id: plain, language: '', translation: '', translator: '' },
      { id: swedish, language: 'sv-SE', translation: '', translator: '' },
    ]);
  });

  it('refuses an implausible language, a translation without another language, a translator without a translation, and overlong ones — writing nothing', async () => {
    const [s1] = s.studies as [number];
    const add = (more: Partial<typeof italian>) => () => addExcerpt(s.db.kysely, rita, s1, excerpt([codes.Hope!], more));
    await refused('language', add({ language: 'xx' }), /“xx” is not a language code Coreview knows: write a BCP 47 code such as it \(Italian\)/);
    await refused('language', add({ language: 'it-XX' }));
    await refused('language', add({ language: 'Italian' }), /Write the language as its code: it for Italian\./);
    await refused('language', add({ language: 'i'.repeat(36) }));
    await refused('translation', add({ translation: 'Work gave me a reason.' }), /Say which language the original is in/);
    await refused('translation', add({ language: 'en', translation: 'Work gave me a reason.' }), /in English, the review’s language, so there is nothing to translate/);
    await refused('translator', add({ language: 'it', translator: 'Anna Rossi' }), /Add the translation too/);
    await refused('translation', add({ language: 'it', translation: 't'.repeat(25_001) }), /under 25,000 characters \(it has 25,001\)/);
    await refused('translator', add({ language: 'it', translation: 'Work.', translator: 'a'.repeat(201) }), /under 200 characters/);
    await expectExactCounters({ studiesCoded: 0, excerpts: 0 });
  });

  it('edits the language, translation and translator, each change in the history, and tells the synthesis', async () => {
    const [s1] = s.studies as [number];
    const id = await addExcerpt(s.db.kysely, rita, s1, excerpt([codes.Italy!], { text: italian.text, language: 'it' }));
    const version = synthesisVersion();
    expect(await editExcerpt(s.db.kysely, s.ctx, id, excerpt([codes.Italy!], { ...italian, translator: 'Anna Rossi' }))).toBe(true);
    expect(synthesisVersion()).toBeGreaterThan(version);
    expect(await editExcerpt(s.db.kysely, s.ctx, id, excerpt([codes.Italy!], { ...italian, language: 'it', translator: 'Anna Rossi' }))).toBe(false);
    expect(await editExcerpt(s.db.kysely, s.ctx, id, excerpt([codes.Italy!], { ...italian, translator: 'Anna Rossi and Lars Berg' }))).toBe(true);
    const events = audit('excerpt.edit').map((e) => [JSON.parse(e.before_json!), JSON.parse(e.after_json!)]);
    expect(events.map(([before, after]) => [before.translation, after.translation, before.translator, after.translator])).toEqual([
      ['', 'Work gave me a reason to stay out.', '', 'Anna Rossi'],
      ['Work gave me a reason to stay out.', 'Work gave me a reason to stay out.', 'Anna Rossi', 'Anna Rossi and Lars Berg'],
    ]);
    expect(events[0]![1]).toMatchObject({ recordId: s1, text: italian.text, language: 'it', codes: ['Italy'] });
    // Back to the review's language: the translation has to go first, in the same edit.
    await refused('translation', () => editExcerpt(s.db.kysely, s.ctx, id, excerpt([codes.Italy!], { ...italian, language: '' })));
    expect(await editExcerpt(s.db.kysely, s.ctx, id, excerpt([codes.Italy!], { text: 'In English after all.' }))).toBe(true);
    expect(s.db.sqlite.prepare('SELECT language, translation, translator FROM excerpt WHERE id = ?').get(id)).toEqual({ language: '', translation: '', translator: '' });
  });
});

describe('the study memo', () => {
  it('is set, changed and cleared, attributed and audited', async () => {
    const [s1] = s.studies as [number];
    expect(await setStudyMemo(s.db.kysely, rita, s1, '  Strong on governance.\r\n')).toBe(true);
    expect(await setStudyMemo(s.db.kysely, rita, s1, 'Strong on governance.')).toBe(false);
    await setStudyMemo(s.db.kysely, s.ctx, s1, 'Strong on governance; thin on outcomes.');
    const coding = (await codingOfStudies(s.db.kysely, s.reviewId, [s1])).get(s1)!;
    expect(coding).toMatchObject({ memo: 'Strong on governance; thin on outcomes.', memoUpdatedByName: 'Olive' });
    await setStudyMemo(s.db.kysely, s.ctx, s1, '');
    expect(audit('coding.memo').map((e) => [e.actor_id, JSON.parse(e.before_json!).memo, JSON.parse(e.after_json!).memo])).toEqual([
      [rita.actorId, '', 'Strong on governance.'],
      [s.owner, 'Strong on governance.', 'Strong on governance; thin on outcomes.'],
      [s.owner, 'Strong on governance; thin on outcomes.', ''],
    ]);
    // A memo alone does not make a study coded.
    await expectExactCounters({ studiesCoded: 0, excerpts: 0 });
    await refused('memo', () => setStudyMemo(s.db.kysely, rita, s1, 'x'.repeat(20_001)));
  });
});

describe('coding counters follow inclusion (trigger, migration 0008)', () => {
  it('follows a study that stops being included, and one that is included again', async () => {
    const [s1, s2] = s.studies as [number, number];
    await addExcerpt(s.db.kysely, rita, s1, excerpt([codes.Hope!]));
    await addExcerpt(s.db.kysely, rita, s2, excerpt([codes.Hope!]));
    await expectExactCounters({ studiesCoded: 2, excerpts: 2 });
    // Rita changes her full-text decision: s2 is no longer included; its coding stays, uncounted.
    await decide(s.db.kysely, rita, { recordId: s2, stage: 'full_text', decision: 'exclude', reasonId: s.reasons.full_text[0]!, note: '', labels: [] });
    await expectExactCounters({ studiesCoded: 1, excerpts: 1 });
    await decide(s.db.kysely, rita, { recordId: s2, stage: 'full_text', decision: 'include', reasonId: null, note: '', labels: [] });
    await expectExactCounters({ studiesCoded: 2, excerpts: 2 });
  });
});

describe('reading the coding of many studies', () => {
  it('reads 2,000 studies with 20,000 excerpts in a handful of queries', async () => {
    const big = await codingDb(0, 0);
    try {
      const { insertSearch } = await import('../../support/record-fixtures.js');
      const { ids } = await insertSearch(big.db.kysely, big.reviewId, Array.from({ length: 2000 }, (_, i) => ({ title: `Study ${i}` })));
      await addTemplate(big.db.kysely, big.ctx);
      const codeIds = (await big.db.kysely.selectFrom('code').select('id').where('reviewId', '=', big.reviewId).execute()).map((c) => c.id);
      const now = new Date().toISOString();
      const sqlite = big.db.sqlite;
      sqlite.transaction(() => {
        const studyCode = sqlite.prepare('INSERT INTO study_code (record_id, code_id, review_id, created_by, created_at) VALUES (?, ?, ?, ?, ?)');
        const addExcerptRow = sqlite.prepare('INSERT INTO excerpt (review_id, record_id, text, location, memo, created_by, created_at, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
        const excerptCode = sqlite.prepare('INSERT INTO excerpt_code (excerpt_id, code_id) VALUES (?, ?)');
        ids.forEach((recordId, i) => {
          for (let k = 0; k < 3; k++) studyCode.run(recordId, codeIds[(i + k * 7) % codeIds.length], big.reviewId, big.owner, now);
          for (let k = 0; k < 10; k++) {
            const { lastInsertRowid } = addExcerptRow.run(big.reviewId, recordId, `Passage ${k} of study ${i}, long enough to be realistic. `.repeat(4), `p. ${k}`, '', big.owner, now, big.owner, now);
            excerptCode.run(lastInsertRowid, codeIds[(i + k) % codeIds.length]);
            excerptCode.run(lastInsertRowid, codeIds[(i + k + 5) % codeIds.length]);
          }
        });
      })();
      let queries = 0;
      const counting = big.db.kysely.withPlugin({
        transformQuery: (args) => { queries++; return args.node; },
        transformResult: async (args) => args.result,
      });
      const coding = await codingOfStudies(counting, big.reviewId, ids);
      expect(queries).toBe(4);
      expect(coding.size).toBe(2000);
      expect([...coding.values()].reduce((n, c) => n + c.excerpts.length, 0)).toBe(20_000);
      expect(coding.get(ids[1999]!)!.codeIds).toHaveLength(3);
      expect(coding.get(ids[0]!)!.excerpts[0]!.codeIds).toHaveLength(2);
    } finally {
      await big.close();
    }
  });
});

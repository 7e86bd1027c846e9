import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CodebookFileError } from '../../../src/coding/codebook-json.js';
import { addCode, deleteCode, editCode, mergeCode, moveCode, reparentCode } from '../../../src/coding/codebook-service.js';
import { addTemplate, applyTemplate, exportCodebook, importCodebook } from '../../../src/coding/codebook-transfer.js';
import { codebookTree, flattenCodebook } from '../../../src/coding/coding-queries.js';
import { addExcerpt, setStudyCode } from '../../../src/coding/coding-service.js';
import { NotFoundError, ValidationError } from '../../../src/domain-errors.js';
import { codingCounters, codingDb, namesOf, shape, snapshot, type CodingDb } from './coding-db.js';

let s: CodingDb;

beforeEach(async () => {
  s = await codingDb();
});

afterEach(async () => {
  await s.close();
});

const add = (name: string, parentId: number | null = null, more: Partial<{ description: string; colour: string }> = {}) =>
  addCode(s.db.kysely, s.ctx, { parentId, name, description: more.description ?? '', colour: more.colour ?? '' });
const audit = (action: string) => s.db.sqlite.prepare('SELECT actor_id, entity, entity_id, before_json, after_json FROM audit_event WHERE action = ? ORDER BY id').all(action) as Array<{ actor_id: number; entity: string; entity_id: string; before_json: string | null; after_json: string | null }>;

/** Expects a change to be refused with a ValidationError naming `field`, and nothing written. */
async function refused(field: string, change: () => Promise<unknown>, message?: RegExp): Promise<void> {
  const before = snapshot(s);
  const error = await change().then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ValidationError);
  expect(Object.keys((error as ValidationError).fields)).toContain(field);
  if (message) expect((error as ValidationError).message).toMatch(message);
  expect(snapshot(s)).toEqual(before);
}

describe('the framework template', () => {
  it('holds Level × Direction, the seven themes with the desistance sub-codes, and Jurisdiction, each group in its own colour', async () => {
    await s.db.kysely.transaction().execute((trx) => applyTemplate(trx, s.ctx));
    expect(await namesOf(s, s.reviewId)).toEqual([
      { Level: ['Individual', 'Relational', 'Systemic'] },
      { Direction: ['Enables', 'Constrains'] },
      {
        Themes: [
          'Employment and work identity',
          'Co-operative structure and governance',
          'Co-production and participation',
          { 'Desistance processes': ['Identity change', 'Hope', 'Agency'] },
          'Social integration and social capital',
          'Stigma and criminal records',
          'Policy and commissioning',
        ],
      },
      { Jurisdiction: ['England and Wales', 'Scotland', 'Northern Ireland', 'Italy', 'Sweden', 'Other'] },
    ]);
    const tree = await codebookTree(s.db.kysely, s.reviewId);
    expect(new Set(tree.map((g) => g.colour)).size).toBe(4);
    for (const group of tree) for (const code of flattenCodebook([group])) expect(code.colour).toBe(group.colour);
    expect(flattenCodebook(tree).filter((c) => c.depth === 1 && c.path[0] === 'Themes').every((c) => c.description !== '')).toBe(true);
    expect(audit('codebook.template')).toEqual([expect.objectContaining({ actor_id: s.owner, entity: 'codebook' })]);
  });

  it('is offered for an empty codebook only', async () => {
    await add('Mine');
    await refused('template', () => addTemplate(s.db.kysely, s.ctx));
  });
});

describe('editing codes', () => {
  it('adds groups, codes and sub-codes in order, children taking their parent’s colour', async () => {
    const group = await add('Level', null, { colour: '#AA3366', description: '  Where it works.  ' });
    const code = await add('Individual', group);
    const sub = await add('Motivation', code);
    await add('Relational', group);
    const [row] = s.db.sqlite.prepare('SELECT name, description, colour FROM code WHERE id = ?').all(group);
    expect(row).toEqual({ name: 'Level', description: 'Where it works.', colour: '#aa3366' });
    expect(s.db.sqlite.prepare('SELECT colour FROM code WHERE id = ?').pluck().get(sub)).toBe('#aa3366');
    expect(await namesOf(s, s.reviewId)).toEqual([{ Level: [{ Individual: ['Motivation'] }, 'Relational'] }]);
    // A second group gets another palette colour.
    const second = await add('Direction');
    expect(s.db.sqlite.prepare('SELECT colour FROM code WHERE id = ?').pluck().get(second)).not.toBe(s.db.sqlite.prepare('SELECT colour FROM code WHERE id = ?').pluck().get(group));
    expect(audit('code.add')).toHaveLength(5);
  });

  it('refuses a fourth level, a name used by a sibling, an empty or long name, a bad colour, another review’s parent', async () => {
    const group = await add('Level');
    const code = await add('Individual', group);
    const sub = await add('Motivation', code);
    const foreign = await addCode(s.db.kysely, { ...s.ctx, reviewId: s.otherReviewId }, { parentId: null, name: 'Elsewhere', description: '', colour: '' });
    await refused('parentId', () => add('Too deep', sub), /three levels/);
    await refused('name', () => add(' individual ', group), /already has a code named/);
    await refused('name', () => add('LEVEL'), /already a group named/);
    await refused('name', () => add('   '));
    await refused('name', () => add('x'.repeat(201)), /under 200/);
    await refused('colour', () => add('Red', null, { colour: 'red' }), /#rrggbb/);
    await refused('description', () => add('Long', null, { description: 'x'.repeat(2001) }));
    await refused('parentId', () => add('Smuggled', foreign));
    // The same name in another place is fine.
    await add('Individual', code);
  });

  it('renames, describes and recolours; sub-codes that shared the old colour follow', async () => {
    const group = await add('Level', null, { colour: '#111111' });
    const a = await add('Individual', group);
    const b = await add('Relational', group, { colour: '#222222' });
    expect(await editCode(s.db.kysely, s.ctx, group, { name: 'Levels', description: 'Where', colour: '#333333' })).toBe(true);
    const colours = s.db.sqlite.prepare('SELECT id, name, colour FROM code ORDER BY id').all();
    expect(colours).toEqual([{ id: group, name: 'Levels', colour: '#333333' }, { id: a, name: 'Individual', colour: '#333333' }, { id: b, name: 'Relational', colour: '#222222' }]);
    expect(await editCode(s.db.kysely, s.ctx, group, { name: 'Levels', description: 'Where', colour: '#333333' })).toBe(false);
    const [event] = audit('code.edit');
    expect(JSON.parse(event!.before_json!)).toEqual({ name: 'Level', description: '', colour: '#111111' });
    expect(JSON.parse(event!.after_json!)).toEqual({ name: 'Levels', description: 'Where', colour: '#333333', subCodesRecoloured: 1 });
    await refused('name', () => editCode(s.db.kysely, s.ctx, b, { name: 'individual', description: '', colour: '#222222' }));
    await expect(editCode(s.db.kysely, { ...s.ctx, reviewId: s.otherReviewId }, group, { name: 'X', description: '', colour: '' })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('marks codes a-priori or emergent: a-priori unless said, kept by other edits, audited, and the synthesis told', async () => {
    const synthesisVersion = () => s.db.sqlite.prepare("SELECT value FROM review_counter WHERE review_id = ? AND name = 'synthesis_version'").pluck().get(s.reviewId) as number;
    const origin = (id: number) => s.db.sqlite.prepare('SELECT origin FROM code WHERE id = ?').pluck().get(id);
    const themes = await add('Themes');
    const hope = await add('Hope', themes);
    const mentoring = await addCode(s.db.kysely, s.ctx, { parentId: themes, name: 'Peer mentoring', description: '', colour: '', origin: 'emergent' });
    expect([origin(themes), origin(hope), origin(mentoring)]).toEqual(['a_priori', 'a_priori', 'emergent']);
    expect(JSON.parse(audit('code.add')[2]!.after_json!)).toMatchObject({ name: 'Peer mentoring', origin: 'emergent' });
    // Only the origin changes: the event says so and nothing else; the synthesis cache is told (0009's trigger).
    const version = synthesisVersion();
    expect(await editCode(s.db.kysely, s.ctx, hope, { name: 'Hope', description: '', colour: '', origin: 'emergent' })).toBe(true);
    expect(synthesisVersion()).toBeGreaterThan(version);
    expect(audit('code.edit').map((e) => [JSON.parse(e.before_json!), JSON.parse(e.after_json!)])).toEqual([[{ origin: 'a_priori' }, { origin: 'emergent' }]]);
    // An edit that leaves origin out (an older form) keeps it; an edit that says the same changes nothing.
    expect(await editCode(s.db.kysely, s.ctx, hope, { name: 'Hope and agency', description: '', colour: '' })).toBe(true);
    expect(origin(hope)).toBe('emergent');
    expect(await editCode(s.db.kysely, s.ctx, hope, { name: 'Hope and agency', description: '', colour: '', origin: 'emergent' })).toBe(false);
    expect((await codebookTree(s.db.kysely, s.reviewId))[0]!.children.map((c) => [c.name, c.origin])).toEqual([['Hope and agency', 'emergent'], ['Peer mentoring', 'emergent']]);
    await refused('origin', () => addCode(s.db.kysely, s.ctx, { parentId: null, name: 'Odd', description: '', colour: '', origin: 'inductive' as 'emergent' }), /a-priori framework or emerged from the data/);
    await refused('origin', () => editCode(s.db.kysely, s.ctx, hope, { name: 'Hope', description: '', colour: '', origin: '' as 'emergent' }));
  });

  it('moves codes up and down among their siblings only', async () => {
    const group = await add('G');
    const [a, b, c] = [await add('A', group), await add('B', group), await add('C', group)];
    await add('Other group');
    expect(await moveCode(s.db.kysely, s.ctx, c, 'up')).toBe(true);
    expect(await moveCode(s.db.kysely, s.ctx, c, 'up')).toBe(true);
    expect(await moveCode(s.db.kysely, s.ctx, c, 'up')).toBe(false);
    expect(await moveCode(s.db.kysely, s.ctx, a, 'down')).toBe(true);
    expect(await namesOf(s, s.reviewId)).toEqual([{ G: ['C', 'B', 'A'] }, 'Other group']);
    expect(await moveCode(s.db.kysely, s.ctx, group, 'down')).toBe(true);
    expect(await namesOf(s, s.reviewId)).toEqual(['Other group', { G: ['C', 'B', 'A'] }]);
    void b;
  });

  it('re-parents within three levels, never under itself', async () => {
    const g1 = await add('G1');
    const g2 = await add('G2');
    const code = await add('Code', g1);
    const sub = await add('Sub', code);
    const g2code = await add('Code', g2);
    await refused('parentId', () => reparentCode(s.db.kysely, s.ctx, code, g2), /already has a code named “Code”/);
    await refused('parentId', () => reparentCode(s.db.kysely, s.ctx, g1, sub), /under itself/);
    await refused('parentId', () => reparentCode(s.db.kysely, s.ctx, code, g2code), /fourth level/);
    await refused('parentId', () => reparentCode(s.db.kysely, s.ctx, g1, g2), /fourth level/);
    expect(await reparentCode(s.db.kysely, s.ctx, sub, g2)).toBe(true);
    expect(await reparentCode(s.db.kysely, s.ctx, code, null)).toBe(true);
    expect(await namesOf(s, s.reviewId)).toEqual(['G1', { G2: ['Code', 'Sub'] }, 'Code']);
    expect(JSON.parse(audit('code.reparent')[0]!.after_json!)).toEqual({ path: 'G2 › Sub' });
  });

  it('deletes an unused code with its sub-codes, and refuses a used one, pointing to merge', async () => {
    const group = await add('G');
    const code = await add('Code', group);
    await add('Sub', code);
    const used = await add('Used', group);
    const parentOfUsed = await add('Parent', group);
    const usedSub = await add('Used sub', parentOfUsed);
    await setStudyCode(s.db.kysely, s.ctx, s.studies[0]!, used, true);
    await addExcerpt(s.db.kysely, s.ctx, s.studies[1]!, { text: 'Quote', location: '', memo: '', codeIds: [usedSub] });
    await refused('code', () => deleteCode(s.db.kysely, s.ctx, used), /applied to 1 study as a whole: merge it/);
    await refused('code', () => deleteCode(s.db.kysely, s.ctx, parentOfUsed), /with its sub-codes\) is applied to 1 excerpt/);
    await refused('code', () => deleteCode(s.db.kysely, s.ctx, group));
    await deleteCode(s.db.kysely, s.ctx, code);
    expect(await namesOf(s, s.reviewId)).toEqual([{ G: ['Used', { Parent: ['Used sub'] }] }]);
    expect(JSON.parse(audit('code.delete')[0]!.before_json!)).toMatchObject({ path: 'G › Code', subCodes: ['Sub'] });
    expect(s.db.sqlite.prepare('SELECT position FROM code WHERE parent_id = ? ORDER BY position').pluck().all(group)).toEqual([0, 1]);
  });
});

describe('merging code A into code B', () => {
  it('moves every study code and excerpt code exactly, collapses duplicates, re-parents or merges sub-codes, deletes A', async () => {
    const themes = await add('Themes');
    const a = await add('Hope and agency', themes);
    const b = await add('Desistance processes', themes);
    const aOnly = await add('Future selves', a); // moves under B
    const aHope = await add('Hope', a); // merges into B › Hope
    const bHope = await add('Hope', b);
    const other = await add('Employment', themes);
    const [s1, s2, s3] = s.studies as [number, number, number];
    // Study codes: s1 has A and B (collapses), s2 only A (moves), s3 A's sub-code "Hope" and B's "Hope" (collapses).
    for (const [study, code] of [[s1, a], [s1, b], [s2, a], [s3, aHope], [s3, bHope], [s2, aOnly]] as const) await setStudyCode(s.db.kysely, s.ctx, study, code, true);
    const e1 = await addExcerpt(s.db.kysely, s.ctx, s1, { text: 'Both', location: 'p. 1', memo: '', codeIds: [a, b] });
    const e2 = await addExcerpt(s.db.kysely, s.ctx, s2, { text: 'A only', location: '', memo: '', codeIds: [a, other] });
    const e3 = await addExcerpt(s.db.kysely, s.ctx, s3, { text: 'A hope', location: '', memo: '', codeIds: [aHope] });
    const countersBefore = await codingCounters(s);

    const summary = await mergeCode(s.db.kysely, s.ctx, a, b);
    expect(summary).toEqual({
      from: 'Themes › Hope and agency',
      into: 'Themes › Desistance processes',
      studyCodesMoved: 1, // s2
      studyCodesCollapsed: 2, // s1 (A+B) and s3 (both Hopes)
      excerptCodesMoved: 2, // e2 → B, e3 → B › Hope
      excerptCodesCollapsed: 1, // e1
      subCodesMoved: ['Future selves'],
      subCodesMerged: ['Themes › Hope and agency › Hope'],
    });
    const studyCodes = s.db.sqlite.prepare('SELECT record_id, code_id FROM study_code ORDER BY record_id, code_id').all();
    expect(studyCodes).toEqual([
      { record_id: s1, code_id: b },
      { record_id: s2, code_id: b },
      { record_id: s2, code_id: aOnly },
      { record_id: s3, code_id: bHope },
    ].sort((x, y) => x.record_id - y.record_id || x.code_id - y.code_id));
    const excerptCodes = s.db.sqlite.prepare('SELECT excerpt_id, code_id FROM excerpt_code ORDER BY excerpt_id, code_id').all();
    expect(excerptCodes).toEqual([
      { excerpt_id: e1, code_id: b },
      { excerpt_id: e2, code_id: b },
      { excerpt_id: e2, code_id: other },
      { excerpt_id: e3, code_id: bHope },
    ].sort((x, y) => x.excerpt_id - y.excerpt_id || x.code_id - y.code_id));
    expect(s.db.sqlite.prepare('SELECT id FROM code WHERE id IN (?, ?)').all(a, aHope)).toEqual([]);
    expect(await namesOf(s, s.reviewId)).toEqual([{ Themes: [{ 'Desistance processes': ['Hope', 'Future selves'] }, 'Employment'] }]);
    expect(s.db.sqlite.prepare('SELECT position FROM code WHERE parent_id = ? ORDER BY position').pluck().all(themes)).toEqual([0, 1]);
    // The same studies are coded and the same excerpts exist: the counters do not move, and stay exact.
    const after = await codingCounters(s);
    expect(after).toEqual(countersBefore);
    expect(after.kept).toEqual(after.truth);
    const [event] = audit('code.merge');
    expect(event).toMatchObject({ actor_id: s.owner, entity: 'code', entity_id: String(a) });
    expect(JSON.parse(event!.after_json!)).toMatchObject({ intoId: b, studyCodesMoved: 1, studyCodesCollapsed: 2, excerptCodesMoved: 2, excerptCodesCollapsed: 1 });
  });

  it('merges a sub-code into its own parent', async () => {
    const g = await add('G');
    const code = await add('Code', g);
    const sub = await add('Sub', code);
    await setStudyCode(s.db.kysely, s.ctx, s.studies[0]!, sub, true);
    await mergeCode(s.db.kysely, s.ctx, sub, code);
    expect(s.db.sqlite.prepare('SELECT code_id FROM study_code').pluck().all()).toEqual([code]);
    expect(await namesOf(s, s.reviewId)).toEqual([{ G: ['Code'] }]);
  });

  it('refuses merging into itself, into its own sub-code, across reviews, or into a fourth level — writing nothing', async () => {
    const g1 = await add('G1');
    const code = await add('Code', g1);
    const sub = await add('Sub', code);
    const g2 = await add('G2');
    const g2code = await add('Other', g2);
    await setStudyCode(s.db.kysely, s.ctx, s.studies[0]!, code, true);
    const foreign = await addCode(s.db.kysely, { ...s.ctx, reviewId: s.otherReviewId }, { parentId: null, name: 'Elsewhere', description: '', colour: '' });
    await refused('into', () => mergeCode(s.db.kysely, s.ctx, code, code), /itself/);
    await refused('into', () => mergeCode(s.db.kysely, s.ctx, code, sub), /own sub-codes/);
    await refused('into', () => mergeCode(s.db.kysely, s.ctx, code, foreign));
    // G1's code would sit under G2 › Other as a sub-code, and its own sub-code at a fourth level.
    await refused('into', () => mergeCode(s.db.kysely, s.ctx, g1, g2code), /“Code” would become a fourth level/);
    await expect(mergeCode(s.db.kysely, { ...s.ctx, reviewId: s.otherReviewId }, code, foreign)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('export and import', () => {
  it('round-trips: a codebook exported and imported into another review is the same codebook', async () => {
    await addTemplate(s.db.kysely, s.ctx);
    const g = await add('Custom', null, { colour: '#0a0b0c', description: 'Line one\nLine two' });
    await addCode(s.db.kysely, s.ctx, { parentId: g, name: 'Ünïcode “quotes” & <b>marks</b>', description: '', colour: '#fedcba', origin: 'emergent' });
    const json = await exportCodebook(s.db.kysely, s.reviewId);
    expect(json).toContain('"name": "Ünïcode “quotes” & <b>marks</b>",\n          "description": "",\n          "colour": "#fedcba",\n          "origin": "emergent",');
    const other = { ...s.ctx, reviewId: s.otherReviewId };
    expect(await importCodebook(s.db.kysely, other, json, 'codebook.json')).toBe(27);
    const mine = shape(await codebookTree(s.db.kysely, s.reviewId));
    expect(shape(await codebookTree(s.db.kysely, s.otherReviewId))).toEqual(mine);
    expect(await exportCodebook(s.db.kysely, s.otherReviewId)).toBe(json);
    expect(JSON.parse(audit('codebook.import')[0]!.after_json!)).toEqual({ fileName: 'codebook.json', codes: 27, groups: ['Level', 'Direction', 'Themes', 'Jurisdiction', 'Custom'] });
  });

  it('adds imported groups after the existing ones, colours defaulted from the parent', async () => {
    await add('Mine');
    await importCodebook(s.db.kysely, s.ctx, JSON.stringify({ coreviewCodebook: 1, codes: [{ name: 'New', colour: '#123456', children: [{ name: 'Child' }] }, { name: 'Plain' }] }));
    const tree = await codebookTree(s.db.kysely, s.reviewId);
    expect(tree.map((g) => g.name)).toEqual(['Mine', 'New', 'Plain']);
    expect(tree[1]!.children[0]!.colour).toBe('#123456');
    expect(tree[2]!.colour).toMatch(/^#[0-9a-f]{6}$/);
    // A file from before origins existed: its codes are a-priori.
    expect(flattenCodebook(tree).map((c) => c.origin)).toEqual(['a_priori', 'a_priori', 'a_priori', 'a_priori']);
  });

  it('imports all or nothing: hostile files and clashes with the codebook write nothing', async () => {
    await add('Level');
    const hostile = [
      'not json',
      JSON.stringify({ coreviewCodebook: 2, codes: [{ name: 'A' }] }),
      JSON.stringify({ coreviewCodebook: 1, codes: [{ name: 'A', children: [{ name: 'B', children: [{ name: 'C', children: [{ name: 'D' }] }] }] }] }),
      JSON.stringify({ coreviewCodebook: 1, codes: [{ name: 'A' }, { name: 'B', colour: 12 }] }),
      JSON.stringify({ coreviewCodebook: 1, codes: [{ name: 'A' }, { name: 'a' }] }),
      JSON.stringify({ coreviewCodebook: 1, codes: Array.from({ length: 2001 }, (_, i) => ({ name: `C${i}` })) }),
      JSON.stringify({ coreviewCodebook: 1, codes: [{ name: 'Fine' }, { name: 'level' }] }),
      JSON.stringify({ coreviewCodebook: 1, codes: [{ name: 'Huge', description: 'x'.repeat(3_000_000) }] }),
    ];
    for (const text of hostile) {
      const before = snapshot(s);
      const error = await importCodebook(s.db.kysely, s.ctx, text).then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(CodebookFileError);
      expect((error as CodebookFileError).problems.at(-1)).toMatch(/Nothing was imported\.$/);
      expect(snapshot(s)).toEqual(before);
    }
    const clash = await importCodebook(s.db.kysely, s.ctx, JSON.stringify({ coreviewCodebook: 1, codes: [{ name: 'Fine' }, { name: 'level' }] })).catch((e: CodebookFileError) => e.problems);
    expect(clash).toEqual(['The codebook already has a group named “level”: rename one of them first (you can merge them afterwards).', 'Nothing was imported.']);
  });

  it('refuses an import that would take the codebook past 2,000 codes', async () => {
    await importCodebook(s.db.kysely, s.ctx, JSON.stringify({ coreviewCodebook: 1, codes: [{ name: 'Big', children: Array.from({ length: 1500 }, (_, i) => ({ name: `C${i}` })) }] }));
    const before = snapshot(s);
    const error = await importCodebook(s.db.kysely, s.ctx, JSON.stringify({ coreviewCodebook: 1, codes: [{ name: 'More', children: Array.from({ length: 499 }, (_, i) => ({ name: `C${i}` })) }] })).then(() => null, (e: unknown) => e as CodebookFileError);
    expect(error?.problems[0]).toBe('The codebook holds 1,501 codes and the file 500 codes: together more than the 2,000 a codebook can hold. Nothing was imported.');
    expect(snapshot(s)).toEqual(before);
  });
});

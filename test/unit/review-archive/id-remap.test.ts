import { describe, expect, it } from 'vitest';
import { remapJson, remapRow, type IdMaps } from '../../../src/review-archive/id-remap.js';
import { tableSpec } from '../../../src/review-archive/review-tables.js';

const maps: IdMaps = {
  review: 7,
  accounts: new Map([[1, 11], [2, 12]]),
  offsets: new Map([['record', 1000], ['duplicate_pair', 600], ['merge_event', 50], ['import_batch', 20], ['exclusion_reason', 300], ['code', 400], ['audit_event', 5000], ['screening_event', 900]]),
};
const spec = (name: string) => tableSpec(name)!;

describe('mapping an archive’s ids to this instance', () => {
  it('moves ids inside history payloads by their key, leaving text and unknown keys alone', () => {
    const audit = spec('audit_event').json!.after_json!;
    expect(remapJson({ reason: 'automatic', primary: 3, members: [3, 4], filled: [{ column: 'abstract', from: 4 }] }, audit, maps))
      .toEqual({ reason: 'automatic', primary: 1003, members: [1003, 1004], filled: [{ column: 'abstract', from: 1004 }] });
    expect(remapJson([{ batchId: 2, fileName: 'a.ris', imported: 3 }], audit, maps)).toEqual([{ batchId: 22, fileName: 'a.ris', imported: 3 }]);
    expect(remapJson({ newPrimaries: { 5: 6 }, mergesDeleted: [1], arbiterId: 9, title: 'primary' }, audit, maps))
      .toEqual({ newPrimaries: { 1005: 1006 }, mergesDeleted: [51], arbiterId: null, title: 'primary' });
    // Reports grouped into studies and separated again: the study's record and the pairs.
    expect(remapJson({ study: 5, pairId: 3 }, audit, maps)).toEqual({ study: 1005, pairId: 603 });
    expect(remapJson({ versionsPairs: [3, 4] }, spec('audit_event').json!.before_json!, maps)).toEqual({ versionsPairs: [603, 604] });
    expect(remapJson({ status: 'different', relinkedPairs: [7] }, audit, maps)).toEqual({ status: 'different', relinkedPairs: [607] });
    // A merge's links: every id a record, before and after included.
    expect(remapJson([{ id: 4, before: null, after: 3 }], spec('merge_event').json!.links_json!, maps)).toEqual([{ id: 1004, before: null, after: 1003 }]);
  });

  it('gives every row the new review, its own new id and mapped references and entity ids', () => {
    const row = { id: 3, review_id: 99, at: 'now', actor_id: 2, action: 'import.commit', entity: 'import_batch', entity_id: '1,2', before_json: null, after_json: '{"recordId":8}' };
    expect(remapRow(spec('audit_event'), row, maps, 'audit')).toEqual({ ...row, id: 5003, review_id: 7, actor_id: 12, entity_id: '21,22', after_json: '{"recordId":1008}' });
    const event = { id: 4, review_id: 99, record_id: 5, stage: 'full_text', kind: 'decision', reviewer_id: 1, actor_id: 1, before_json: null, after_json: '{"decision":"exclude","reasonId":2,"note":"","labels":[]}', undoes: 3, at: 'now' };
    expect(remapRow(spec('screening_event'), event, maps, 'event')).toMatchObject({ id: 904, record_id: 1005, reviewer_id: 11, undoes: 903, after_json: '{"decision":"exclude","reasonId":302,"note":"","labels":[]}' });
  });

  it('refuses what no export writes: negative or text ids, unknown people in columns, file names that are not a SHA-256', () => {
    const record = { id: -999, review_id: 1, batch_id: 1, duplicate_of: null };
    // 0 plus the offset would be this instance's newest record, of another review.
    expect(() => remapRow(spec('record'), { ...record, id: 1, duplicate_of: 0 }, maps, 'r')).toThrow('r, duplicate_of holds 0 where an id belongs');
    expect(remapRow(spec('screening_setting'), { review_id: 1, stage: 'title_abstract', items_through: 0, arbiter_id: null }, maps, 's').items_through).toBe(1000);
    expect(() => remapRow(spec('record'), record, maps, 'tables/record.jsonl, line 1')).toThrow('tables/record.jsonl, line 1, id holds -999 where an id belongs');
    expect(() => remapRow(spec('record'), { ...record, id: 1, batch_id: '1' as never }, maps, 'r')).toThrow(/batch_id holds "1"/);
    expect(() => remapRow(spec('review_member'), { review_id: 1, account_id: 3, role: 'owner', added_at: 'now' }, maps, 'm')).toThrow('m, account_id names person 3, who is not in people.jsonl');
    const batch = { id: 1, review_id: 1, file_sha256: '../../../etc/passwd', created_by: null, removed_by: null };
    expect(() => remapRow(spec('import_batch'), batch, maps, 'b')).toThrow('b, file_sha256 is not a SHA-256');
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyTemplate } from '../../../src/coding/codebook-transfer.js';
import { addExcerpt, setStudyMemo } from '../../../src/coding/coding-service.js';
import { decide } from '../../../src/screening/screening-service.js';
import { SynthesisCache } from '../../../src/synthesis/synthesis-cache.js';
import { insertSearch } from '../../support/record-fixtures.js';
import { screeningDb, type ScreeningDb } from '../../support/screening-fixtures.js';
import { includeStudies } from '../../support/study-fixtures.js';

let s: ScreeningDb;
let ids: number[];
let ctx: { reviewId: number; actorId: number };
let hope: number;
const review = () => ({ id: s.reviewId, title: 'Desistance' });

beforeEach(async () => {
  s = await screeningDb();
  ctx = { reviewId: s.reviewId, actorId: s.owner };
  ({ ids } = await insertSearch(s.db.kysely, s.reviewId, [{ title: 'Work and desistance', year: 2001 }, { title: 'Co-operatives', year: 2019 }]));
  await includeStudies(s.db.kysely, ctx, ids);
  await s.db.kysely.transaction().execute((trx) => applyTemplate(trx, ctx));
  hope = (await s.db.kysely.selectFrom('code').select('id').where('name', '=', 'Hope').executeTakeFirstOrThrow()).id;
});

afterEach(async () => {
  await s.close();
});

describe('the synthesis data kept between requests', () => {
  it('is reused while nothing changes, and read anew after any change, whoever makes it', async () => {
    const cache = new SynthesisCache();
    const first = await cache.get(s.db.kysely, review());
    expect(first.studies).toHaveLength(2);
    expect(await cache.get(s.db.kysely, review())).toBe(first);

    await addExcerpt(s.db.kysely, ctx, ids[0]!, { text: 'I had hope again.', location: 'p. 3', memo: '', codeIds: [hope] });
    const coded = await cache.get(s.db.kysely, review());
    expect(coded).not.toBe(first);
    expect(coded.studies.flatMap((st) => st.excerpts.map((e) => e.text))).toEqual(['I had hope again.']);

    await setStudyMemo(s.db.kysely, ctx, ids[1]!, 'Thin on outcomes.');
    expect((await cache.get(s.db.kysely, review())).studies.map((st) => st.memo)).toContain('Thin on outcomes.');

    // A study leaving the included set (full-text decision changed) and a record edited by hand.
    await decide(s.db.kysely, ctx, { recordId: ids[1]!, stage: 'full_text', decision: 'exclude', reasonId: s.reasons.full_text[0]!, note: '', labels: [] });
    expect((await cache.get(s.db.kysely, review())).studies).toHaveLength(1);
    s.db.sqlite.prepare("UPDATE record SET title = 'Work, hope and desistance' WHERE id = ?").run(ids[0]);
    expect((await cache.get(s.db.kysely, review())).studies[0]!.title).toBe('Work, hope and desistance');
  });

  it('keeps derived results with the data, and drops them with it', async () => {
    const cache = new SynthesisCache();
    let computed = 0;
    const references = () => cache.derived(s.db.kysely, review(), 'references', async () => [`reference ${++computed}`]);
    expect(await references()).toEqual(['reference 1']);
    expect(await references()).toEqual(['reference 1']);
    s.db.sqlite.prepare("UPDATE record SET year = 2002 WHERE id = ?").run(ids[0]);
    expect(await references()).toEqual(['reference 2']);
  });

  it('re-reads only the coding when only coding changed, and everything after any other change', async () => {
    const cache = new SynthesisCache();
    const first = await cache.get(s.db.kysely, review());
    await addExcerpt(s.db.kysely, ctx, ids[0]!, { text: 'I had hope again.', location: '', memo: '', codeIds: [hope], language: '', translation: '', translator: '' });
    await setStudyMemo(s.db.kysely, ctx, ids[1]!, 'Thin on outcomes.');
    const recoded = await cache.get(s.db.kysely, review());
    expect(recoded.studies.flatMap((st) => st.excerpts.map((e) => e.text))).toEqual(['I had hope again.']);
    expect(recoded.studies.map((st) => st.memo)).toContain('Thin on outcomes.');
    // The rest was kept: the same codebook and the same extraction values, not read again.
    expect(recoded.codes).toBe(first.codes);
    expect(recoded.studies[0]!.fields).toBe(first.studies[0]!.fields);
    // A coding change together with another change since the last read: all of it is read anew.
    await addExcerpt(s.db.kysely, ctx, ids[1]!, { text: 'Work gave a routine.', location: '', memo: '', codeIds: [hope], language: '', translation: '', translator: '' });
    s.db.sqlite.prepare("UPDATE record SET title = 'Co-operatives at work' WHERE id = ?").run(ids[1]);
    const reread = await cache.get(s.db.kysely, review());
    expect(reread.codes).not.toBe(first.codes);
    expect(reread.studies.map((st) => st.title)).toContain('Co-operatives at work');
    expect(reread.studies.flatMap((st) => st.excerpts.map((e) => e.text)).sort()).toEqual(['I had hope again.', 'Work gave a routine.']);
  });
});

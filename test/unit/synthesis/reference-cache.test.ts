import { describe, expect, it } from 'vitest';
import { addExcerpt } from '../../../src/coding/coding-service.js';
import { addCode } from '../../../src/coding/codebook-service.js';
import { ReferenceCache } from '../../../src/synthesis/reference-cache.js';
import { codingDb } from '../coding/coding-db.js';

describe('the formatted references kept apart from the synthesis data', () => {
  it('formats once while the citing records stand still, coding changes included, and again after a record edit', async () => {
    const s = await codingDb(3, 0);
    const cache = new ReferenceCache();
    let runs = 0;
    const format = async () => {
      runs += 1;
      return [[{ text: `run ${runs}` }]];
    };
    const get = (ids = s.studies) => cache.get(s.db.kysely, s.reviewId, ids, format);
    expect(await get()).toEqual([[{ text: 'run 1' }]]);
    // Coding moves the synthesis version, not the references.
    const code = await addCode(s.db.kysely, s.ctx, { parentId: null, name: 'Themes', description: '', colour: '' });
    await addExcerpt(s.db.kysely, s.ctx, s.studies[0]!, { text: 'Work mattered.', location: '', memo: '', codeIds: [code], language: '', translation: '', translator: '' });
    expect(await get()).toEqual([[{ text: 'run 1' }]]);
    // Two requests at once share one run.
    await Promise.all([get(s.studies.slice(0, 2)), get(s.studies.slice(0, 2))]);
    expect(runs).toBe(2);
    await s.db.kysely.updateTable('record').set({ updatedAt: '2999-01-01T00:00:00.000Z' }).where('id', '=', s.studies[0]!).execute();
    expect(await get(s.studies.slice(0, 2))).toEqual([[{ text: 'run 3' }]]);
  });

  it('does not keep a failed run', async () => {
    const s = await codingDb(1, 0);
    const cache = new ReferenceCache();
    await expect(cache.get(s.db.kysely, s.reviewId, s.studies, () => Promise.reject(new Error('citeproc failed')))).rejects.toThrow('citeproc failed');
    expect(await cache.get(s.db.kysely, s.reviewId, s.studies, async () => [[{ text: 'ok' }]])).toEqual([[{ text: 'ok' }]]);
  });
});

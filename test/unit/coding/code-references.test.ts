import { describe, expect, it } from 'vitest';
import { saveFrameworkSummary, saveStudySummary } from '../../../src/charting/chart-summaries.js';
import { addCode, deleteCode, mergeCode } from '../../../src/coding/codebook-service.js';
import { addExcerpt, deleteExcerpt } from '../../../src/coding/coding-service.js';
import { COMPONENTS, type AssessmentDraft } from '../../../src/findings/cerqual.js';
import { addFinding } from '../../../src/findings/findings-service.js';
import { codingDb } from './coding-db.js';

const unassessed: AssessmentDraft = { components: Object.fromEntries(COMPONENTS.map((c) => [c, { concern: '', explanation: '' }])) as AssessmentDraft['components'], confidence: '', explanation: '' };

/**
 * A finding's theme and the framework chart's summaries refer to codes: merging codes carries
 * them to the target (joining two summaries that meet in one cell), and deleting a code they refer
 * to is refused, so nothing an analyst wrote is dropped by a codebook change.
 */
describe('codes referred to by findings and chart summaries', () => {
  async function framework() {
    const s = await codingDb(2, 0);
    const add = (parentId: number | null, name: string) => addCode(s.db.kysely, s.ctx, { parentId, name, description: '', colour: '' });
    const themes = await add(null, 'Themes');
    const levels = await add(null, 'Level');
    const work = await add(themes, 'Work');
    const employment = await add(themes, 'Employment');
    const individual = await add(levels, 'Individual');
    const groups = { themes, levels, directions: null };
    const summary = (themeId: number, levelId: number | null, text: string) =>
      saveFrameworkSummary(s.db.kysely, s.ctx, { themeId, levelId, directionId: null, jurisdiction: '' }, groups, new Set(), text);
    return { s, themes, work, employment, individual, summary };
  }
  const rows = (s: Awaited<ReturnType<typeof framework>>['s']) =>
    s.db.kysely.selectFrom('frameworkChartSummary').select(['themeId', 'levelId', 'summary']).orderBy('themeId').orderBy('levelId').execute();

  it('moves a finding’s theme and the summaries to the merged-into code, joining those meeting in one cell', async () => {
    const { s, themes, work, employment, individual, summary } = await framework();
    const finding = await addFinding(s.db.kysely, s.ctx, { statement: 'Work helps.', codeId: work, studyIds: [], excerptIds: [], assessment: unassessed });
    await summary(work, null, 'Work as routine.');
    await summary(work, individual, 'A worker identity.');
    await summary(employment, null, 'Paid jobs.');
    await saveStudySummary(s.db.kysely, s.ctx, s.studies[0]!, work, themes, 'Routine at the co-op.');
    await mergeCode(s.db.kysely, s.ctx, work, employment);
    expect((await s.db.kysely.selectFrom('reviewFinding').select('codeId').where('id', '=', finding).executeTakeFirstOrThrow()).codeId).toBe(employment);
    expect(await rows(s)).toEqual([
      { themeId: employment, levelId: null, summary: 'Paid jobs.\n\nWork as routine.' },
      { themeId: employment, levelId: individual, summary: 'A worker identity.' },
    ]);
    expect(await s.db.kysely.selectFrom('studyChartSummary').select(['themeId', 'summary']).execute()).toEqual([{ themeId: employment, summary: 'Routine at the co-op.' }]);
  });

  it('refuses to delete a code a finding or a summary refers to, and deletes nothing', async () => {
    const { s, work, employment, summary } = await framework();
    await summary(work, null, 'Work as routine.');
    await expect(deleteCode(s.db.kysely, s.ctx, work)).rejects.toThrow(/has 1 charted summary: merge it into another code instead/);
    await addFinding(s.db.kysely, s.ctx, { statement: 'Jobs matter.', codeId: employment, studyIds: [], excerptIds: [], assessment: unassessed });
    await expect(deleteCode(s.db.kysely, s.ctx, employment)).rejects.toThrow(/has 1 review finding/);
    expect(await s.db.kysely.selectFrom('code').select('id').where('id', 'in', [work, employment]).execute()).toHaveLength(2);
  });
});

describe('an excerpt supporting a review finding', () => {
  it('is not deleted while the finding cites it, and nothing changes', async () => {
    const s = await codingDb(1, 0);
    const theme = await addCode(s.db.kysely, s.ctx, { parentId: null, name: 'Themes', description: '', colour: '' });
    const excerpt = await addExcerpt(s.db.kysely, s.ctx, s.studies[0]!, { text: 'Work mattered.', location: '', memo: '', codeIds: [theme], language: '', translation: '', translator: '' });
    await addFinding(s.db.kysely, s.ctx, { statement: 'Work helps.', codeId: theme, studyIds: [s.studies[0]!], excerptIds: [excerpt], assessment: unassessed });
    await expect(deleteExcerpt(s.db.kysely, s.ctx, excerpt)).rejects.toThrow('This excerpt supports the review finding “Work helps.”: remove it from the finding');
    expect(await s.db.kysely.selectFrom('excerpt').select('id').execute()).toEqual([{ id: excerpt }]);
  });
});

import { describe, expect, it } from 'vitest';
import { summariseStages } from '../../src/reviews/dashboard.js';
import { parseTermList } from '../../src/reviews/highlight-terms.js';
import { slugProblem, suggestSlug } from '../../src/reviews/slug.js';
import { COUNTERS, type Counters } from '../../src/reviews/stage-counters.js';
import type { ReviewAccess } from '../../src/screening/visibility.js';

const OPEN: ReviewAccess = { title_abstract: { blind: false, mayResolve: false }, full_text: { blind: false, mayResolve: false } };
const zero = () => Object.fromEntries(Object.values(COUNTERS).map((n) => [n, 0])) as Counters;

describe('short names', () => {
  it('accepts plain lowercase names and refuses the rest with a reason', () => {
    expect(slugProblem('desistance-coops-2026')).toBeNull();
    expect(slugProblem('a')).toBeNull();
    for (const bad of ['', 'UPPER', 'with space', '-lead', 'trail-', 'x'.repeat(41), 'ümlaut', '../etc']) {
      expect(slugProblem(bad), bad).toMatch(/lowercase letters/);
    }
    expect(slugProblem('new')).toMatch(/reserved/);
  });

  it('suggests one from a title, folding accents and punctuation', () => {
    expect(suggestSlug('Desistance & Social Co-ops (UK, Italy, Sweden)')).toBe('desistance-social-co-ops-uk-italy-sweden');
    expect(suggestSlug('Économie sociale à Napoli')).toBe('economie-sociale-a-napoli');
    expect(suggestSlug('x'.repeat(30) + ' ' + 'y'.repeat(30)).length).toBeLessThanOrEqual(40);
    expect(slugProblem(suggestSlug('a'.repeat(39) + ' b'))).toBeNull();
  });
});

describe('highlight term lists', () => {
  it('splits on lines, commas and semicolons, dropping blanks and repeats in any case', () => {
    expect(parseTermList('desistance\n\n co-operative ;Desistance, social  enterprise\r\n')).toEqual([
      'desistance',
      'co-operative',
      'social enterprise',
    ]);
  });
});

/** The stages with every included report a study of its own, as when no reports are grouped. */
const stagesOf = (c: Counters, access: ReviewAccess) => summariseStages(c, access, { included: c.ft_included, coded: c.studies_coded, notImported: 0 });

describe('dashboard stages', () => {
  it('counts studies, not reports, once reports are grouped into studies', () => {
    const c = { ...zero(), records_imported: 10, ta_screened: 10, ta_included: 5, ft_items: 5, ft_assessed: 5, ft_included: 5, studies_coded: 3 };
    const byKey = Object.fromEntries(summariseStages(c, OPEN, { included: 4, coded: 2, notImported: 0 }).map((s) => [s.key, s]));
    expect([byKey.coding!.count, byKey.coding!.countLabel]).toEqual([2, 'of 4 studies coded']);
    expect([byKey.prisma!.count, byKey.prisma!.countLabel]).toEqual([4, 'studies included']);
    expect(byKey.prisma!.details).toContain('5 included reports');
    // Studies typed on the PRISMA page as included via other methods count there, not in coding.
    const typed = Object.fromEntries(summariseStages(c, OPEN, { included: 4, coded: 2, notImported: 3 }).map((s) => [s.key, s]));
    expect([typed.prisma!.count, typed.coding!.countLabel]).toEqual([7, 'of 4 studies coded']);
    expect(typed.prisma!.details).toContain('3 studies via other methods, not imported');
    expect(byKey.synthesis!.count).toBe(4);
  });

  it('lists the seven stages in order, waiting while nothing is imported', () => {
    const stages = stagesOf(zero(), OPEN);
    expect(stages.map((s) => s.label)).toEqual(['Import', 'Duplicates', 'Screening', 'Full text', 'Coding', 'Synthesis', 'PRISMA']);
    expect(stages[0]!.state).toBe('empty');
    expect(stages.slice(1).every((s) => s.state === 'waiting')).toBe(true);
  });

  it('derives screening progress from unique records', () => {
    const c = { ...zero(), records_imported: 1000, duplicates_marked: 100, ta_screened: 450, ta_included: 50, ta_excluded: 400, ta_conflicts: 3 };
    const screening = stagesOf(c, OPEN).find((s) => s.key === 'screening')!;
    expect(screening.count).toBe(450);
    expect(screening.countLabel).toBe('of 900 screened');
    expect(screening.details).toContain('3 conflicts');
    expect(screening.state).toBe('active');
  });

  it('calls a stage done only when everything it received is decided and no conflict remains', () => {
    const c = { ...zero(), records_imported: 10, ta_screened: 10, ta_included: 4, ta_excluded: 6, ft_items: 4, ft_assessed: 3, ft_included: 2, ft_excluded: 1, ft_not_retrieved: 1 };
    const byKey = Object.fromEntries(stagesOf(c, OPEN).map((s) => [s.key, s]));
    expect(byKey.screening!.state).toBe('done');
    expect(byKey.fulltext!.state).toBe('done');
    expect(byKey.coding!.state).toBe('empty');
    expect(stagesOf({ ...c, ta_conflicts: 1 }, OPEN).find((s) => s.key === 'screening')!.state).toBe('active');
    expect(stagesOf({ ...c, ft_conflicts: 1 }, OPEN).find((s) => s.key === 'fulltext')!.state).toBe('active');
  });

  it('leaves out whatever blind screening hides from the viewer, the same whatever the others decided', () => {
    const blindTa: ReviewAccess = { title_abstract: { blind: true, mayResolve: false }, full_text: { blind: false, mayResolve: false } };
    const calm = { ...zero(), records_imported: 10, ta_screened: 0 };
    const busy = { ...zero(), records_imported: 10, ta_screened: 6, ta_included: 4, ta_excluded: 2, ta_conflicts: 2, ft_items: 4, ft_assessed: 2, ft_included: 1, studies_coded: 1 };
    expect(stagesOf(busy, blindTa)).toEqual(stagesOf(calm, blindTa));
    const byKey = Object.fromEntries(stagesOf(busy, blindTa).map((s) => [s.key, s]));
    for (const key of ['screening', 'fulltext', 'coding', 'synthesis', 'prisma']) {
      expect(byKey[key]!.count, key).toBeNull();
      expect(byKey[key]!.countLabel, key).toMatch(/blind/);
    }
    expect(byKey.import!.count).toBe(10);
    // Full text blind only: title and abstract's figures show, full text's and the included studies' do not.
    const blindFt: ReviewAccess = { title_abstract: { blind: false, mayResolve: false }, full_text: { blind: true, mayResolve: false } };
    const ft = Object.fromEntries(stagesOf(busy, blindFt).map((s) => [s.key, s]));
    expect(ft.screening!.count).toBe(6);
    expect([ft.fulltext!.count, ft.coding!.count, ft.prisma!.count]).toEqual([null, null, null]);
    // An owner (who resolves) sees everything.
    const owner: ReviewAccess = { title_abstract: { blind: true, mayResolve: true }, full_text: { blind: true, mayResolve: true } };
    expect(stagesOf(busy, owner)).toEqual(stagesOf(busy, OPEN));
  });
});

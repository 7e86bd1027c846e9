/**
 * Evidence per code (which studies carry it and the excerpts that show it) and the sections of the
 * chapter skeleton (theme × level, with each contributing study's key excerpts). Pure functions of
 * SynthesisData; the chapter exports (chapter-markdown.ts, chapter-docx.ts) render the sections.
 *
 * "Carries" means what it means in the matrix and the pivot (synthesis-data.ts): the code or one of
 * its sub-codes is applied to the study as a whole or to any of its excerpts.
 */
import { codeAndDescendants, studyHasCode, type SynthesisCode, type SynthesisData, type SynthesisExcerpt, type SynthesisStudy } from './synthesis-data.js';

/** An excerpt with the codes at or below the summarised code (or theme) that it carries, in codebook order. */
export interface EvidenceExcerpt {
  excerpt: SynthesisExcerpt;
  /** Names, e.g. ["Hope"] for an excerpt coded with the sub-code Hope of the theme Identity. */
  codes: string[];
}

export interface EvidenceStudy {
  study: SynthesisStudy;
  /** The code (or a sub-code) is applied to the study as a whole, not only to excerpts. */
  studyLevel: boolean;
  /** The study's excerpts carrying the code or a sub-code, in the study's order. */
  excerpts: EvidenceExcerpt[];
}

export interface EvidenceSummary {
  code: SynthesisCode;
  /** Direct children, in codebook order. */
  subCodes: SynthesisCode[];
  /** The studies carrying the code, in the data's order (by label, as the matrix lists them). */
  studies: EvidenceStudy[];
  /** Excerpts over all those studies. */
  excerptCount: number;
}

/** The evidence for one code; null when the code is not in the codebook. */
export function evidenceSummary(data: SynthesisData, codeId: number): EvidenceSummary | null {
  const byId = new Map(data.codes.map((c) => [c.id, c]));
  const code = byId.get(codeId);
  if (!code) return null;
  const subtree = subtreeOrder(data, codeId);
  const studies: EvidenceStudy[] = [];
  let excerptCount = 0;
  for (const study of data.studies) {
    const studyLevel = study.codeIds.some((id) => subtree.has(id));
    const excerpts = evidenceExcerpts(study.excerpts, subtree, byId);
    if (!studyLevel && excerpts.length === 0) continue;
    studies.push({ study, studyLevel, excerpts });
    excerptCount += excerpts.length;
  }
  return { code, subCodes: code.childIds.flatMap((id) => byId.get(id) ?? []), studies, excerptCount };
}

export interface ThemeSectionsOptions {
  /** The group whose children are the themes (each theme includes its sub-codes). */
  themesGroupId: number;
  /** The group whose children are the levels. */
  levelGroupId: number;
  /** Key excerpts per study per section; 3 unless given. */
  maxExcerpts?: number;
}

export interface SectionStudy {
  study: SynthesisStudy;
  /** At most `maxExcerpts`, best first; never excerpts coded with other levels only (see themeSections). */
  keyExcerpts: EvidenceExcerpt[];
  /** All of the study's excerpts carrying the theme, of which the key ones were chosen. */
  themeExcerpts: number;
}

export interface LevelSection {
  /** null for the studies carrying the theme but none of the levels. */
  level: SynthesisCode | null;
  /** The level's name, or LEVEL_NOT_CODED. */
  label: string;
  studies: SectionStudy[];
}

export interface ThemeSection {
  theme: SynthesisCode;
  /** The theme's direct sub-codes, in codebook order. */
  subCodes: SynthesisCode[];
  /** Distinct studies carrying the theme, over all its level sections. */
  studyCount: number;
  /** One per level in codebook order (also when empty: a gap is worth seeing), then "Level not coded" when any study is in it. */
  levels: LevelSection[];
}

export interface ThemeSections {
  themesGroup: SynthesisCode;
  levelGroup: SynthesisCode;
  themes: ThemeSection[];
  /** The cap on key excerpts the sections were built with. */
  maxExcerpts: number;
  /** Studies cited anywhere in the sections, in the data's order (for the reference list). */
  citedStudies: SynthesisStudy[];
}

export const LEVEL_NOT_CODED = 'Level not coded';
export const DEFAULT_KEY_EXCERPTS = 3;

/**
 * The chapter skeleton's sections: for each theme (a child of the themes group, in codebook order,
 * sub-codes included) one subsection per level (a child of the level group).
 *
 * Co-occurrence is per study, not per excerpt: a study contributes to theme × level when it carries
 * the theme and carries the level (each anywhere: applied to the study or to any excerpt, sub-codes
 * included), so a study appears under every level it carries. A study carrying the theme and no
 * level at all goes to "Level not coded".
 *
 * Key excerpts are chosen from the study's excerpts carrying the theme, best first:
 *   1. those also carrying this level (the excerpt itself shows theme and level together);
 *   2. then those carrying no level at all (they may speak to any level);
 * never those coded with other levels only: they are the evidence of another level's section, and
 * quoting them here too would repeat them under every level the study carries. Within a tier the
 * longest first (more of the passage to quote), ties in the study's order; at most `maxExcerpts` (3).
 * A study can so contribute with no key excerpt (the theme or the level coded on the study as a
 * whole, or its theme excerpts all coded at other levels); `themeExcerpts` says how many it has.
 */
export function themeSections(data: SynthesisData, options: ThemeSectionsOptions): ThemeSections | null {
  const byId = new Map(data.codes.map((c) => [c.id, c]));
  const themesGroup = byId.get(options.themesGroupId);
  const levelGroup = byId.get(options.levelGroupId);
  if (!themesGroup || !levelGroup) return null;
  const max = Math.max(0, options.maxExcerpts ?? DEFAULT_KEY_EXCERPTS);

  const levels = levelGroup.childIds.flatMap((id) => {
    const code = byId.get(id);
    return code ? [{ code, ids: new Set(codeAndDescendants(data, id)) }] : [];
  });
  const anyLevel = new Set(levels.flatMap((l) => [...l.ids]));
  const cited = new Set<SynthesisStudy>();

  const themes = themesGroup.childIds
    .flatMap((id) => byId.get(id) ?? [])
    .map((theme): ThemeSection => {
      const subtree = subtreeOrder(data, theme.id);
      const sections: LevelSection[] = levels.map(({ code }) => ({ level: code, label: code.name, studies: [] }));
      const notCoded: LevelSection = { level: null, label: LEVEL_NOT_CODED, studies: [] };
      let studyCount = 0;
      for (const study of data.studies) {
        if (!studyHasCode(study, subtree)) continue;
        studyCount += 1;
        cited.add(study);
        const themeExcerpts = evidenceExcerpts(study.excerpts, subtree, byId);
        const carried = levels.map((level) => studyHasCode(study, level.ids));
        if (!carried.some(Boolean)) {
          notCoded.studies.push({ study, keyExcerpts: pickKeyExcerpts(themeExcerpts, null, anyLevel, max), themeExcerpts: themeExcerpts.length });
          continue;
        }
        levels.forEach((level, i) => {
          if (!carried[i]) return;
          sections[i]!.studies.push({ study, keyExcerpts: pickKeyExcerpts(themeExcerpts, level.ids, anyLevel, max), themeExcerpts: themeExcerpts.length });
        });
      }
      if (notCoded.studies.length > 0) sections.push(notCoded);
      return { theme, subCodes: theme.childIds.flatMap((id) => byId.get(id) ?? []), studyCount, levels: sections };
    });

  return { themesGroup, levelGroup, themes, maxExcerpts: max, citedStudies: data.studies.filter((s) => cited.has(s)) };
}

function pickKeyExcerpts(candidates: readonly EvidenceExcerpt[], level: ReadonlySet<number> | null, anyLevel: ReadonlySet<number>, max: number): EvidenceExcerpt[] {
  if (max === 0) return [];
  const tier = (e: EvidenceExcerpt) => {
    if (level !== null && e.excerpt.codeIds.some((id) => level.has(id))) return 0;
    return e.excerpt.codeIds.some((id) => anyLevel.has(id)) ? 2 : 1;
  };
  return candidates
    .map((e, index) => ({ e, index, tier: tier(e) }))
    .filter((c) => c.tier < 2)
    .sort((a, b) => a.tier - b.tier || b.e.excerpt.text.length - a.e.excerpt.text.length || a.index - b.index)
    .slice(0, max)
    .map(({ e }) => e);
}

/** The code's subtree as a set whose iteration order is codebook order (depth-first). */
function subtreeOrder(data: SynthesisData, codeId: number): Set<number> {
  return new Set(codeAndDescendants(data, codeId));
}

function evidenceExcerpts(excerpts: readonly SynthesisExcerpt[], subtree: ReadonlySet<number>, byId: ReadonlyMap<number, SynthesisCode>): EvidenceExcerpt[] {
  const out: EvidenceExcerpt[] = [];
  for (const excerpt of excerpts) {
    if (!excerpt.codeIds.some((id) => subtree.has(id))) continue;
    const codes: string[] = [];
    for (const id of subtree) if (excerpt.codeIds.includes(id)) codes.push(byId.get(id)!.name);
    out.push({ excerpt, codes });
  }
  return out;
}

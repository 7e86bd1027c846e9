/**
 * The chapter's sections, at the excerpt grain (excerpt-codes.ts): a section per theme of the
 * framework, and within it one sub-section per level × direction ("Individual · Enables") holding
 * the excerpts that carry the theme, the level and the direction together, grouped by study; then
 * the excerpts on the theme with no level. Each theme also compares the jurisdictions (UK nations,
 * Italy, Sweden, "Other" grouping the rest) cell by cell. The analyst's charted summaries, the
 * studies' appraisals and the review findings on the theme come in from their own features, as
 * plain values, so this stays a pure function of what it is given.
 */
import { excerptCodeIndex, holds } from './excerpt-codes.js';
import { axisValues, jurisdictionLabels, jurisdictionsOf, NO_JURISDICTION, type AxisValue, type FrameworkAxes } from './framework-axes.js';
import { codeAndDescendants, type SynthesisCode, type SynthesisData, type SynthesisExcerpt, type SynthesisStudy } from './synthesis-data.js';

export interface ChapterFinding {
  number: number;
  statement: string;
  themeId: number | null;
  /** "Moderate confidence"; null before the assessment. */
  confidence: string | null;
  explanation: string;
  studyIds: number[];
}

export interface ChapterInputs {
  /** The charted summary of a theme × level × direction cell (null: any level or direction), across jurisdictions. */
  summaryOf?: (themeId: number, levelId: number | null, directionId: number | null) => string | null;
  /** A study's final appraisal as one phrase ("High quality (CASP)"), by study id. */
  appraisals?: ReadonlyMap<number, string>;
  findings?: readonly ChapterFinding[];
  /** Key excerpts quoted per study in a sub-section; 3 unless given. */
  maxExcerpts?: number;
}

export interface CellStudy {
  study: SynthesisStudy;
  appraisal: string | null;
  /** The study's excerpts in the cell, the longest first, at most maxExcerpts. */
  keyExcerpts: SynthesisExcerpt[];
  /** All its excerpts in the cell, in the study's order. */
  excerpts: SynthesisExcerpt[];
}

export interface ChapterCell {
  level: SynthesisCode | null;
  direction: SynthesisCode | null;
  /** "Individual · Enables", "Individual · Direction not coded", "Level not coded". */
  label: string;
  summary: string | null;
  excerpts: number;
  studies: CellStudy[];
}

export interface JurisdictionRow {
  label: string;
  /** The names grouped under "Other". */
  detail: string;
  /** Per chapter cell with evidence, in `ChapterTheme.cells` order: excerpts and studies. */
  counts: Array<{ excerpts: number; studies: number }>;
}

export interface ChapterTheme {
  theme: SynthesisCode;
  subCodes: SynthesisCode[];
  summary: string | null;
  /** Excerpts carrying the theme (or a sub-code), and the studies they come from. */
  excerpts: number;
  studies: SynthesisStudy[];
  /** Studies carrying the theme on the study as a whole only: no excerpt to quote. */
  wholeStudyOnly: SynthesisStudy[];
  /** Level × direction in codebook order, empty ones too (a gap is worth seeing), then "Level not coded" when it holds any. */
  cells: ChapterCell[];
  /** Jurisdictions × this theme's cells that hold evidence; [] without a jurisdiction axis. */
  jurisdictions: JurisdictionRow[];
  findings: ChapterFinding[];
}

export interface ChapterSections {
  axes: FrameworkAxes;
  themes: ChapterTheme[];
  maxExcerpts: number;
  /** Studies cited anywhere, in the data's order (for the reference list). */
  citedStudies: SynthesisStudy[];
  /** Findings tied to no theme of the framework. */
  otherFindings: ChapterFinding[];
}

export const LEVEL_NOT_CODED = 'Level not coded';
export const DIRECTION_NOT_CODED = 'direction not coded';
export const DEFAULT_KEY_EXCERPTS = 3;

interface CellSlot {
  level: AxisValue | null;
  direction: AxisValue | null;
  label: string;
}

function slots(levels: readonly AxisValue[], directions: readonly AxisValue[] | null): CellSlot[] {
  const out: CellSlot[] = [];
  for (const level of levels) {
    if (directions === null) {
      out.push({ level, direction: null, label: level.code.name });
      continue;
    }
    for (const direction of directions) out.push({ level, direction, label: `${level.code.name} · ${direction.code.name}` });
    out.push({ level, direction: null, label: `${level.code.name} · ${DIRECTION_NOT_CODED}` });
  }
  return out;
}

export function chapterSections(data: SynthesisData, axes: FrameworkAxes, inputs: ChapterInputs = {}): ChapterSections {
  const max = Math.max(0, inputs.maxExcerpts ?? DEFAULT_KEY_EXCERPTS);
  const byId = new Map(data.codes.map((c) => [c.id, c]));
  const levels = axisValues(data, axes.levels);
  const directions = axes.directions ? axisValues(data, axes.directions) : null;
  const cellSlots = slots(levels, directions);
  const codesOf = excerptCodeIndex(data);
  const whereFrom = jurisdictionsOf(data, axes);
  const jurisdictionOrder = jurisdictionLabels(data, axes);
  const findings = inputs.findings ?? [];
  const cited = new Set<SynthesisStudy>();

  const themes = axisValues(data, axes.themes).map(({ code: theme, ids: themeIds }): ChapterTheme => {
    // One pass over the excerpts: each in the slots it fits (its level and direction, or "not coded").
    const cells = cellSlots.map(() => new Map<SynthesisStudy, SynthesisExcerpt[]>());
    const notCoded = new Map<SynthesisStudy, SynthesisExcerpt[]>();
    const studies = new Set<SynthesisStudy>();
    const wholeStudyOnly: SynthesisStudy[] = [];
    let excerpts = 0;
    for (const study of data.studies) {
      let onExcerpt = false;
      for (const excerpt of study.excerpts) {
        const codes = codesOf(excerpt);
        if (!holds(codes, themeIds)) continue;
        onExcerpt = true;
        excerpts += 1;
        studies.add(study);
        const at: number[] = [];
        cellSlots.forEach((slot, i) => {
          if (!slot.level || !holds(codes, slot.level.ids)) return;
          if (slot.direction ? !holds(codes, slot.direction.ids) : directions !== null && directions.some((d) => holds(codes, d.ids))) return;
          at.push(i);
        });
        const targets = at.length === 0 && !levels.some((l) => holds(codes, l.ids)) ? [notCoded] : at.map((i) => cells[i]!);
        for (const target of targets) target.set(study, [...(target.get(study) ?? []), excerpt]);
      }
      if (!onExcerpt && study.codeIds.some((id) => themeIds.has(id))) wholeStudyOnly.push(study);
    }
    for (const study of [...studies, ...wholeStudyOnly]) cited.add(study);

    const cellOf = (slot: CellSlot | null, members: Map<SynthesisStudy, SynthesisExcerpt[]>): ChapterCell => ({
      level: slot?.level?.code ?? null,
      direction: slot?.direction?.code ?? null,
      label: slot?.label ?? LEVEL_NOT_CODED,
      summary: slot ? (inputs.summaryOf?.(theme.id, slot.level!.code.id, slot.direction?.code.id ?? null) ?? null) : null,
      excerpts: [...members.values()].reduce((n, list) => n + list.length, 0),
      studies: data.studies.filter((s) => members.has(s)).map((study) => ({
        study,
        appraisal: inputs.appraisals?.get(study.id) ?? null,
        keyExcerpts: keyExcerpts(members.get(study)!, max),
        excerpts: members.get(study)!,
      })),
    });
    const chapterCells = cellSlots.map((slot, i) => cellOf(slot, cells[i]!));
    // "Direction not coded" sub-sections only when they hold something: most excerpts carry a direction.
    const shown = chapterCells.filter((cell, i) => cellSlots[i]!.direction !== null || directions === null || cell.excerpts > 0);
    if (notCoded.size > 0) shown.push(cellOf(null, notCoded));

    return {
      theme,
      subCodes: theme.childIds.flatMap((id) => byId.get(id) ?? []),
      summary: inputs.summaryOf?.(theme.id, null, null) ?? null,
      excerpts,
      studies: data.studies.filter((s) => studies.has(s)),
      wholeStudyOnly,
      cells: shown,
      jurisdictions: jurisdictionOrder.length === 0 && !axes.jurisdiction ? [] : compare(shown, jurisdictionOrder, whereFrom),
      findings: findings.filter((f) => f.themeId !== null && codeAndDescendants(data, theme.id).includes(f.themeId)),
    };
  });

  const themeIds = new Set(themes.flatMap((t) => codeAndDescendants(data, t.theme.id)));
  return {
    axes,
    themes,
    maxExcerpts: max,
    citedStudies: data.studies.filter((s) => cited.has(s)),
    otherFindings: findings.filter((f) => f.themeId === null || !themeIds.has(f.themeId)),
  };
}

/** The longest first (more of the passage to quote), ties in the study's order; at most `max`. */
function keyExcerpts(excerpts: readonly SynthesisExcerpt[], max: number): SynthesisExcerpt[] {
  return excerpts
    .map((e, index) => ({ e, index }))
    .sort((a, b) => b.e.text.length - a.e.text.length || a.index - b.index)
    .slice(0, max)
    .map(({ e }) => e);
}

/**
 * Jurisdictions × the theme's cells that hold evidence: each excerpt counts in the jurisdictions it
 * speaks from ("Other" for all others, naming them), excerpts from none under "not recorded".
 */
function compare(
  cells: readonly ChapterCell[],
  order: readonly string[],
  whereFrom: (study: SynthesisStudy, excerpt: SynthesisExcerpt | null) => Array<{ label: string; detail: string }>,
): JurisdictionRow[] {
  const withEvidence = cells.filter((c) => c.excerpts > 0);
  const rows = new Map<string, { details: Set<string>; counts: Array<{ excerpts: number; studies: Set<SynthesisStudy> }> }>();
  const row = (label: string) => {
    let r = rows.get(label);
    if (!r) rows.set(label, (r = { details: new Set(), counts: withEvidence.map(() => ({ excerpts: 0, studies: new Set() })) }));
    return r;
  };
  for (const label of order) row(label);
  withEvidence.forEach((cell, i) => {
    for (const entry of cell.studies) {
      for (const excerpt of entry.excerpts) {
        const places = whereFrom(entry.study, excerpt);
        for (const place of places.length === 0 ? [{ label: NO_JURISDICTION, detail: '' }] : places) {
          const r = row(place.label);
          if (place.detail !== '') r.details.add(place.detail);
          r.counts[i]!.excerpts += 1;
          r.counts[i]!.studies.add(entry.study);
        }
      }
    }
  });
  const known = new Set(order);
  const labels = [...order, ...[...rows.keys()].filter((l) => !known.has(l) && l !== NO_JURISDICTION).sort((a, b) => a.localeCompare(b)), ...(rows.has(NO_JURISDICTION) ? [NO_JURISDICTION] : [])];
  return labels.map((label) => {
    const r = rows.get(label)!;
    return { label, detail: [...r.details].sort((a, b) => a.localeCompare(b)).join(', '), counts: r.counts.map((c) => ({ excerpts: c.excerpts, studies: c.studies.size })) };
  });
}

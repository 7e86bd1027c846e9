/**
 * The grain of a framework number. The framework's claims are about one piece of evidence carrying
 * a level, a direction and a theme together, so its intersections are counted on excerpts: an
 * excerpt is in "Individual × Enables" when it carries both itself, not when its study carries one
 * on one excerpt and the other on another (the study grain, still offered, labelled as such).
 *
 * What an excerpt carries in a code group (Level, Direction, Themes… the codebook's top-level
 * codes): its own codes in that group, sub-codes included; when it has none in that group, the
 * group's codes applied to its study as a whole (a study coded "Italy" as a whole speaks from Italy
 * in each of its passages). Its own codes win: a passage coded "Relational" is not also "Individual"
 * because the study as a whole was; an excerpt with no code at all takes nothing. Every output
 * says so where it counts (pivot.ts pivotCaption, the chart and chapter leads).
 */
import type { SynthesisData, SynthesisExcerpt, SynthesisStudy } from './synthesis-data.js';

export type Grain = 'excerpt' | 'study';

/** A code's top-level group, by code id. */
function topGroups(data: Pick<SynthesisData, 'codes'>): Map<number, number> {
  const parent = new Map(data.codes.map((c) => [c.id, c.parentId]));
  const top = new Map<number, number>();
  for (const code of data.codes) {
    let at = code.id;
    for (let up = parent.get(at); up !== null && up !== undefined; up = parent.get(at)) at = up;
    top.set(code.id, at);
  }
  return top;
}

const effective = new WeakMap<SynthesisData, WeakMap<SynthesisExcerpt, ReadonlySet<number>>>();

/**
 * Every excerpt's codes as the excerpt grain reads them (see above), worked out once per data
 * (the data is kept while nothing changes: synthesis-cache.ts).
 */
export function excerptCodeIndex(data: SynthesisData): (excerpt: SynthesisExcerpt) => ReadonlySet<number> {
  let index = effective.get(data);
  if (!index) {
    index = new WeakMap();
    const top = topGroups(data);
    for (const study of data.studies) {
      for (const excerpt of study.excerpts) {
        const own = new Set(excerpt.codeIds);
        const ownGroups = new Set(excerpt.codeIds.map((id) => top.get(id)));
        // An excerpt nobody coded is evidence of nothing: it takes nothing from its study either.
        if (own.size > 0) for (const id of study.codeIds) if (!ownGroups.has(top.get(id))) own.add(id);
        index.set(excerpt, own);
      }
    }
    effective.set(data, index);
  }
  const found = index;
  return (excerpt) => found.get(excerpt) ?? new Set(excerpt.codeIds);
}

/** Whether a set of codes holds one of `ids` (a code and its sub-codes). */
export const holds = (codes: ReadonlySet<number>, ids: ReadonlySet<number>): boolean => {
  for (const id of ids) if (codes.has(id)) return true;
  return false;
};

/** The study's excerpts carrying every one of the code sets (each a code with its sub-codes). */
export function excerptsCarrying(study: SynthesisStudy, codesOf: (e: SynthesisExcerpt) => ReadonlySet<number>, required: ReadonlyArray<ReadonlySet<number>>): SynthesisExcerpt[] {
  return study.excerpts.filter((excerpt) => {
    const codes = codesOf(excerpt);
    return required.every((ids) => holds(codes, ids));
  });
}

/**
 * Words the history uses for charted summaries (src/audit/audit-sentences.ts), from the payloads
 * chart-summaries.ts writes: which cell ("“Employment” · Individual · Enables in Italy") and what
 * happened to its summary.
 */
type Bag = Record<string, unknown>;
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

export const chartAuditText = {
  /** "wrote", "rewrote" or "cleared". */
  verb(before: Bag, after: Bag): string {
    return text(after.summary) === '' ? 'cleared' : text(before.summary) === '' ? 'wrote' : 'rewrote';
  },

  /** The framework cell: “Theme”, its level and direction ("any level" when none), and where from. */
  frameworkCell(value: Bag): string {
    const theme = text(value.theme) === '' ? 'a theme' : `“${text(value.theme)}”`;
    const level = text(value.level);
    const direction = text(value.direction);
    const axes = level === '' && direction === '' ? ' as a whole' : ` · ${level || 'any level'}${direction === '' ? '' : ` · ${direction}`}`;
    const where = text(value.jurisdiction);
    return `${theme}${axes}${where === '' ? ' (all jurisdictions)' : ` in ${where}`}`;
  },

  /** The theme of a study × theme cell. */
  theme(value: Bag): string {
    return text(value.theme) === '' ? 'a theme' : `“${text(value.theme)}”`;
  },
};

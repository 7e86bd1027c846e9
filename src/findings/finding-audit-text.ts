/**
 * Words the history uses for review-finding events (src/audit/audit-sentences.ts), from their
 * payloads (findings-service.ts auditValue): what an edit changed, and the confidence a finding had.
 */
import { COMPONENT_LABEL, COMPONENTS, CONCERN_LABEL, CONFIDENCE_LABEL, type Concern, type Confidence } from './cerqual.js';

type Bag = Record<string, unknown>;
const bag = (value: unknown): Bag => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Bag) : {});
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const confidenceLabel = (value: unknown) => CONFIDENCE_LABEL[value as Confidence]?.toLowerCase();

export const findingAuditText = {
  /** " (moderate confidence)", or '' before the finding is assessed. */
  confidence(value: Bag): string {
    const label = confidenceLabel(value.confidence);
    return label === undefined ? '' : ` (${label})`;
  },

  /** What changed: ["the wording", "coherence (now minor concerns)"]; empty when the payload says nothing. */
  changes(before: Bag, after: Bag): string[] {
    const parts: string[] = [];
    if (!same(before.statement, after.statement)) parts.push('the wording');
    if (!same(before.codeId, after.codeId)) parts.push(typeof after.theme === 'string' ? `the theme (now “${after.theme}”)` : 'the theme (now none)');
    if (!same(before.studies, after.studies)) parts.push('the contributing studies');
    if (!same(before.excerptIds, after.excerptIds)) parts.push('the supporting excerpts');
    for (const c of COMPONENTS) {
      const [was, now] = [bag(before[c]), bag(after[c])];
      if (!same(was.concern, now.concern)) parts.push(`${COMPONENT_LABEL[c].toLowerCase()} (now ${CONCERN_LABEL[now.concern as Concern]?.toLowerCase() ?? 'not assessed'})`);
      else if (!same(was.explanation, now.explanation)) parts.push(`the explanation of ${COMPONENT_LABEL[c].toLowerCase()}`);
    }
    if (!same(before.confidence, after.confidence)) parts.push(`the confidence (now ${confidenceLabel(after.confidence) ?? 'not assessed'})`);
    else if (!same(before.explanation, after.explanation)) parts.push('the explanation of the assessment');
    return parts;
  },
};

import type { ItemStatus, ScreeningChoice } from '../db/schema.js';

export interface ItemState {
  status: ItemStatus;
  outcome: ScreeningChoice | null;
}

/**
 * Where a record stands in a stage, from the reviewers' current decisions: a final decision
 * (resolving a conflict) wins; fewer decisions than needed leave it open; enough decisions that
 * all agree decide it; enough that differ are a conflict. A report marked not retrieved stays so.
 */
export function itemState(input: {
  decisions: readonly ScreeningChoice[];
  needed: number;
  finalDecision: ScreeningChoice | null;
  notRetrieved?: boolean;
}): ItemState {
  if (input.notRetrieved) return { status: 'not_retrieved', outcome: null };
  if (input.finalDecision !== null) return { status: 'decided', outcome: input.finalDecision };
  if (input.decisions.length === 0 || input.decisions.length < input.needed) return { status: 'open', outcome: null };
  const [first] = input.decisions;
  return input.decisions.every((d) => d === first) ? { status: 'decided', outcome: first! } : { status: 'conflict', outcome: null };
}

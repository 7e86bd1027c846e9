/** The coding overview's double-coding part: the mode, where each study's passes stand, and the coder agreement. */
import type { Kysely } from 'kysely';
import type { CodeNode, StudyReports } from '../coding/coding-queries.js';
import type { Database } from '../db/schema.js';
import { agreementGroups } from './agreement-input.js';
import { coderAgreement, type GroupAgreement } from './coder-agreement.js';
import type { CodingMode } from './double-coding-tables.js';
import { bothFinished, codingMode, passCodeSets } from './pass-queries.js';

export type StudyDoubleState = 'not started' | 'one pass' | 'two passes' | 'consensus open' | 'consensus complete';

export interface DoubleCodingOverview {
  mode: CodingMode;
  /** By study id. */
  states: Map<number, { state: StudyDoubleState; finished: number }>;
  /** Studies whose two passes are finished: the agreement's studies. */
  studies: number;
  agreement: GroupAgreement[];
}

export async function doubleCodingOverview(db: Kysely<Database>, reviewId: number, studies: readonly StudyReports[], tree: readonly CodeNode[]): Promise<DoubleCodingOverview> {
  const [mode, sets] = await Promise.all([codingMode(db, reviewId), passCodeSets(db, reviewId, studies)]);
  const states = new Map<number, { state: StudyDoubleState; finished: number }>();
  const twice: Array<readonly [Set<number>, Set<number>]> = [];
  for (const [studyId, { passes, consensusComplete }] of sets) {
    const finished = passes.filter((p) => p.finished).length;
    const done = bothFinished(passes.map((p) => p.finished));
    if (done) twice.push([passes[0]!.applied, passes[1]!.applied]);
    const state: StudyDoubleState = consensusComplete ? 'consensus complete' : done ? 'consensus open' : passes.length === 2 ? 'two passes' : passes.length === 1 ? 'one pass' : 'not started';
    states.set(studyId, { state, finished });
  }
  return { mode, states, studies: twice.length, agreement: coderAgreement(agreementGroups(tree), twice) };
}

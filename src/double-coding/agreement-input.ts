/** What the coder agreement is computed from: the codebook's groups and the studies both coders finished. */
import type { Kysely } from 'kysely';
import { flattenCodebook, type CodeNode, type StudyReports } from '../coding/coding-queries.js';
import type { Database } from '../db/schema.js';
import type { AgreementGroup, CodedTwice } from './coder-agreement.js';
import { bothFinished, passCodeSets } from './pass-queries.js';

/** Each top-level code (group) with its codes and sub-codes. */
export function agreementGroups(tree: readonly CodeNode[]): AgreementGroup[] {
  return tree.map((group) => ({ id: group.id, name: group.name, codeIds: flattenCodebook(group.children).map((c) => c.id) }));
}

/** The codes each coder applied, for every study whose two passes are finished (first started first). */
export async function studiesCodedTwice(db: Kysely<Database>, reviewId: number, studies: readonly StudyReports[]): Promise<CodedTwice[]> {
  const sets = await passCodeSets(db, reviewId, studies);
  return [...sets.values()]
    .filter((s) => bothFinished(s.passes.map((p) => p.finished)))
    .map((s) => [s.passes[0]!.applied, s.passes[1]!.applied] as const);
}

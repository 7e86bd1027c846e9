import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit-log.js';
import { prepared } from '../db/prepared.js';
import type { Database, TermPolarity } from '../db/schema.js';
import { ValidationError } from '../domain-errors.js';

export type HighlightTerms = Record<TermPolarity, string[]>;

const MAX_TERMS = 200;
const MAX_TERM_LENGTH = 80;

// Every screening page marks these: compiled once.
const termRows = prepared<{ reviewId: number }, { polarity: TermPolarity; term: string }>((db, param) =>
  db.selectFrom('highlightTerm').select(['polarity', 'term']).where('reviewId', '=', param('reviewId')).orderBy('term'),
);

export async function readTerms(db: Kysely<Database>, reviewId: number): Promise<HighlightTerms> {
  const rows = await termRows(db, { reviewId });
  const terms: HighlightTerms = { include: [], exclude: [] };
  for (const row of rows) terms[row.polarity].push(row.term);
  return terms;
}

/** One term per line (or comma); blanks and repeats dropped, case kept as typed. */
export function parseTermList(text: string): string[] {
  const seen = new Set<string>();
  const terms: string[] = [];
  for (const part of text.split(/[\n,;]+/)) {
    const term = part.replace(/\s+/g, ' ').trim();
    if (term && !seen.has(term.toLowerCase())) {
      seen.add(term.toLowerCase());
      terms.push(term);
    }
  }
  return terms;
}

/** Replaces both lists at once; a term cannot be on both. */
export async function saveTerms(db: Kysely<Database>, ctx: { actorId: number; reviewId: number }, next: HighlightTerms): Promise<void> {
  const errors: Record<string, string> = {};
  for (const polarity of ['include', 'exclude'] as const) {
    if (next[polarity].length > MAX_TERMS) errors[polarity] = `Keep the list to ${MAX_TERMS} terms.`;
    const long = next[polarity].find((t) => t.length > MAX_TERM_LENGTH);
    if (long) errors[polarity] = `"${long.slice(0, 30)}…" is longer than ${MAX_TERM_LENGTH} characters.`;
  }
  const excluded = new Set(next.exclude.map((t) => t.toLowerCase()));
  const both = next.include.filter((t) => excluded.has(t.toLowerCase()));
  if (both.length) errors.exclude = `On both lists: ${both.join(', ')}. Keep each term on one list.`;
  if (Object.keys(errors).length) throw new ValidationError(errors);

  await db.transaction().execute(async (trx) => {
    const before = await readTerms(trx, ctx.reviewId);
    await trx.deleteFrom('highlightTerm').where('reviewId', '=', ctx.reviewId).execute();
    const rows = (['include', 'exclude'] as const).flatMap((polarity) =>
      next[polarity].map((term) => ({ reviewId: ctx.reviewId, polarity, term })),
    );
    if (rows.length) await trx.insertInto('highlightTerm').values(rows).execute();
    await recordAudit(trx, { actorId: ctx.actorId, reviewId: ctx.reviewId, action: 'terms.update', entity: 'terms', before, after: next });
  });
}

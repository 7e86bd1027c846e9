/**
 * A codebook in and out as a whole: import of a codebook file (codebook-json.ts), the framework
 * template (framework-template.ts) and export. All or nothing, audited.
 */
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit-log.js';
import { inTransaction } from '../db/in-transaction.js';
import type { Database } from '../db/schema.js';
import { ValidationError } from '../domain-errors.js';
import { CodebookFileError, codebookJson, countCodes, parseCodebookFile, type CodebookFileCode } from './codebook-json.js';
import { Codebook } from './codebook-model.js';
import { GROUP_PALETTE, MAX_CODES, times } from './codebook-rules.js';
import type { CodingContext } from './codebook-service.js';
import { codebookTree } from './coding-queries.js';
import { FRAMEWORK_TEMPLATE } from './framework-template.js';

/** Inserts file codes as new groups after the existing ones (the file was checked already). Returns how many. */
async function insertCodes(trx: Kysely<Database>, ctx: CodingContext, codes: readonly CodebookFileCode[]): Promise<number> {
  const book = await Codebook.load(trx, ctx.reviewId);
  const total = countCodes(codes);
  if (book.size + total > MAX_CODES) {
    throw new CodebookFileError([`The codebook holds ${times(book.size, 'code')} and the file ${times(total, 'code')}: together more than the ${MAX_CODES.toLocaleString('en-GB')} a codebook can hold. Nothing was imported.`]);
  }
  const clashes = codes.filter((c) => book.clash(null, c.name)).map((c) => `The codebook already has a group named “${c.name}”: rename one of them first (you can merge them afterwards).`);
  if (clashes.length > 0) throw new CodebookFileError([...clashes, 'Nothing was imported.']);

  const now = new Date().toISOString();
  let position = book.nextPosition(null);
  const usedGroupColours: string[] = book.children(null).map((g) => g.colour);
  const insert = async (code: CodebookFileCode, parentId: number | null, parentColour: string | null, at: number) => {
    let colour = code.colour ?? parentColour;
    if (colour === null) {
      colour = [...GROUP_PALETTE].sort((a, b) => usedGroupColours.filter((c) => c === a).length - usedGroupColours.filter((c) => c === b).length)[0]!;
      usedGroupColours.push(colour);
    }
    const { id } = await trx
      .insertInto('code')
      .values({ reviewId: ctx.reviewId, parentId, name: code.name, description: code.description, colour, origin: code.origin, position: at, createdAt: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const [i, child] of code.children.entries()) await insert(child, id, colour, i);
  };
  for (const code of codes) await insert(code, null, null, position++);
  return total;
}

/**
 * Adds the codes of a codebook file (codebook-json.ts) as new groups after the existing ones: all
 * of it, or nothing with every problem listed. Returns how many codes were added.
 */
export async function importCodebook(db: Kysely<Database>, ctx: CodingContext, text: string, fileName = ''): Promise<number> {
  const codes = parseCodebookFile(text);
  return inTransaction(db, async (trx) => {
    const added = await insertCodes(trx, ctx, codes);
    await recordAudit(trx, { actorId: ctx.actorId, reviewId: ctx.reviewId, action: 'codebook.import', entity: 'codebook', after: { fileName, codes: added, groups: codes.map((c) => c.name) } });
    return added;
  });
}

/**
 * Adds the desistance / social co-operatives framework (framework-template.ts). Runs in the caller's
 * transaction: review creation calls it inside its own, so a review and its codebook land together.
 */
export async function applyTemplate(trx: Kysely<Database>, ctx: CodingContext): Promise<number> {
  const added = await insertCodes(trx, ctx, FRAMEWORK_TEMPLATE);
  await recordAudit(trx, { actorId: ctx.actorId, reviewId: ctx.reviewId, action: 'codebook.template', entity: 'codebook', after: { codes: added, groups: FRAMEWORK_TEMPLATE.map((c) => c.name) } });
  return added;
}

/** The template for an empty codebook (the codebook page's button). */
export async function addTemplate(db: Kysely<Database>, ctx: CodingContext): Promise<number> {
  return inTransaction(db, async (trx) => {
    const existing = await trx.selectFrom('code').select('id').where('reviewId', '=', ctx.reviewId).limit(1).executeTakeFirst();
    if (existing) throw new ValidationError({ template: 'The framework is offered for an empty codebook. To add it to this one, download it from a review that has it and import the file.' });
    return applyTemplate(trx, ctx);
  });
}

/** The codebook as a version 1 file (codebook-json.ts). */
export async function exportCodebook(db: Kysely<Database>, reviewId: number): Promise<string> {
  return codebookJson(await codebookTree(db, reviewId));
}

/**
 * The PRISMA 2020 boxes no data in Coreview can fill, typed in by a review's owner and kept in
 * prisma_box (one row per box that is not at its default; a box at 0 or empty has no row).
 *
 * Why these boxes, and what they mean:
 *
 * - Coreview screens every imported record that is not a duplicate. A record "marked as
 *   ineligible by an automation tool" or "removed for another reason" before screening is
 *   therefore one that never reached Coreview: it was identified by a search but not imported.
 *   PRISMA's identity "records screened = records identified − records removed" only holds when
 *   such records are also counted among those identified, so databases and registers each have a
 *   "not imported" count too, added to what was imported from them.
 * - Other methods (websites, organisations, citation searching): searches of these kinds that were
 *   imported are counted from the data like any other; what was found without importing it is
 *   typed here — records identified, and the reports sought, not retrieved and excluded (with
 *   reasons). Reports assessed is never typed: it is sought − not retrieved, always.
 *
 * Counts are whole numbers from 0 to 10,000,000; reasons are lines of "Reason, n".
 * ```ts
 * const boxes = await readBoxes(db, reviewId);
 * const { boxes: next, errors } = parseBoxesForm(request.body);
 * await saveBoxes(db, { reviewId, actorId }, next);   // owners only; one audit event for the changes
 * ```
 */
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit-log.js';
import type { Database } from '../db/schema.js';
import { ForbiddenError, ValidationError, type FieldErrors } from '../domain-errors.js';

export const COUNT_BOXES = [
  'database_not_imported',
  'register_not_imported',
  'excluded_automatic',
  'excluded_other',
  'website_not_imported',
  'organisation_not_imported',
  'citations_not_imported',
  'other_sought_not_imported',
  'other_notretrieved_not_imported',
] as const;
export type CountBox = (typeof COUNT_BOXES)[number];

/** The one box holding text: reasons reports found by other methods (not imported) were excluded. */
export const REASONS_BOX = 'other_excluded_not_imported';
export type BoxKey = CountBox | typeof REASONS_BOX;

export interface ReasonEntry {
  reason: string;
  n: number;
}

export interface PrismaBoxes {
  counts: Record<CountBox, number>;
  otherExcluded: ReasonEntry[];
}

export interface BoxDefinition {
  key: BoxKey;
  /** Which column of the diagram the box belongs to. */
  column: 'databases_registers' | 'other_methods';
  label: string;
  hint: string;
}

export const BOX_DEFINITIONS: readonly BoxDefinition[] = [
  { key: 'database_not_imported', column: 'databases_registers', label: 'Records identified from databases but not imported', hint: 'Added to the records identified from databases: for instance records an automation tool set aside before you imported the rest.' },
  { key: 'register_not_imported', column: 'databases_registers', label: 'Records identified from registers but not imported', hint: 'Added to the records identified from registers.' },
  { key: 'excluded_automatic', column: 'databases_registers', label: 'Records marked as ineligible by automation tools', hint: 'Removed before screening. Coreview screens every imported record that is not a duplicate, so these were never imported: count them as not imported above too. Records left unscreened when title and abstract screening was recorded as stopped on its stopping estimate are added here by Coreview: do not type them.' },
  { key: 'excluded_other', column: 'databases_registers', label: 'Records removed for other reasons', hint: 'Removed before screening, and likewise never imported.' },
  { key: 'website_not_imported', column: 'other_methods', label: 'Records identified from websites, not imported', hint: 'Added to the records imported from searches of the type Website.' },
  { key: 'organisation_not_imported', column: 'other_methods', label: 'Records identified from organisations, not imported', hint: 'Added to the records imported from searches of the type Organisation.' },
  { key: 'citations_not_imported', column: 'other_methods', label: 'Records identified by citation searching, not imported', hint: 'Added to the records imported from searches of the type Citation searching.' },
  { key: 'other_sought_not_imported', column: 'other_methods', label: 'Reports sought for retrieval via other methods, not imported', hint: 'Reports you looked for outside Coreview. Those imported are counted from their full-text screening.' },
  { key: 'other_notretrieved_not_imported', column: 'other_methods', label: 'Of those, reports not retrieved', hint: 'At most the reports sought above.' },
  { key: REASONS_BOX, column: 'other_methods', label: 'Of those, reports excluded, with reasons', hint: 'One reason per line, then a comma and the number: “Wrong population, 3”. The rest of the reports retrieved count as included, one study each.' },
];

export const MAX_COUNT = 10_000_000;
const MAX_REASONS = 20;
const MAX_REASON_LENGTH = 150;
const MAX_REASONS_TEXT = 4000;

export function emptyBoxes(): PrismaBoxes {
  return { counts: Object.fromEntries(COUNT_BOXES.map((key) => [key, 0])) as Record<CountBox, number>, otherExcluded: [] };
}

/** The stored boxes; rows for keys Coreview no longer knows, or that no longer parse, are ignored. */
/**
 * Studies included via other methods whose reports were never imported (typed on the PRISMA page):
 * PRISMA counts them, but with no record they cannot be coded until their references are imported.
 */
export function includedNotImported(boxes: PrismaBoxes): number {
  const excluded = boxes.otherExcluded.reduce((total, r) => total + r.n, 0);
  return boxes.counts.other_sought_not_imported - boxes.counts.other_notretrieved_not_imported - excluded;
}

export async function readBoxes(db: Kysely<Database>, reviewId: number): Promise<PrismaBoxes> {
  const rows = await db.selectFrom('prismaBox').select(['box', 'value']).where('reviewId', '=', reviewId).execute();
  const boxes = emptyBoxes();
  for (const row of rows) {
    if ((COUNT_BOXES as readonly string[]).includes(row.box)) {
      const n = Number(row.value);
      if (Number.isSafeInteger(n) && n >= 0 && n <= MAX_COUNT) boxes.counts[row.box as CountBox] = n;
    } else if (row.box === REASONS_BOX) {
      boxes.otherExcluded = parseStoredReasons(row.value);
    }
  }
  return boxes;
}

function parseStoredReasons(json: string): ReasonEntry[] {
  try {
    const value: unknown = JSON.parse(json);
    if (!Array.isArray(value)) return [];
    return value.filter((r): r is ReasonEntry => typeof r?.reason === 'string' && Number.isSafeInteger(r?.n) && r.n >= 0);
  } catch {
    return [];
  }
}

/** The boxes as the form shows them: counts as digits ('' for 0), reasons as lines. */
export function boxesAsForm(boxes: PrismaBoxes): Record<BoxKey, string> {
  const form = Object.fromEntries(COUNT_BOXES.map((key) => [key, boxes.counts[key] === 0 ? '' : String(boxes.counts[key])])) as Record<BoxKey, string>;
  form[REASONS_BOX] = reasonsAsText(boxes.otherExcluded);
  return form;
}

export function reasonsAsText(reasons: readonly ReasonEntry[]): string {
  return reasons.map((r) => `${r.reason}, ${r.n}`).join('\n');
}

/**
 * Reads the boxes form. Every problem is reported at once, by field; `values` echoes what was
 * typed so the form can be shown again. Cross-checks: not retrieved ≤ sought, and excluded ≤
 * sought − not retrieved (so the reports included are never negative).
 */
export function parseBoxesForm(body: unknown): { values: Record<BoxKey, string>; boxes: PrismaBoxes; errors: FieldErrors } {
  const fields = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const errors: FieldErrors = {};
  const boxes = emptyBoxes();
  const values = {} as Record<BoxKey, string>;
  const definition = (key: BoxKey) => BOX_DEFINITIONS.find((d) => d.key === key)!;
  const text = (key: BoxKey, max: number): string => {
    const raw = fields[key];
    if (raw !== undefined && typeof raw !== 'string') {
      errors[key] = `${definition(key).label} must be given once.`;
      return '';
    }
    const value = (raw ?? '').trim();
    if (value.length > max) errors[key] = `${definition(key).label}: keep it under ${max.toLocaleString('en-GB')} characters.`;
    return value;
  };

  for (const key of COUNT_BOXES) {
    const value = text(key, 20);
    values[key] = value;
    if (errors[key]) continue;
    if (value === '') continue;
    if (!/^\d{1,8}$/.test(value) || Number(value) > MAX_COUNT) {
      errors[key] = `${definition(key).label}: a whole number from 0 to ${MAX_COUNT.toLocaleString('en-GB')}.`;
      continue;
    }
    boxes.counts[key] = Number(value);
  }

  const reasonsText = text(REASONS_BOX, MAX_REASONS_TEXT);
  values[REASONS_BOX] = reasonsText;
  if (!errors[REASONS_BOX]) {
    const parsed = parseReasonLines(reasonsText);
    if (typeof parsed === 'string') errors[REASONS_BOX] = parsed;
    else boxes.otherExcluded = parsed;
  }

  const { other_sought_not_imported: sought, other_notretrieved_not_imported: notRetrieved } = boxes.counts;
  if (!errors.other_notretrieved_not_imported && !errors.other_sought_not_imported && notRetrieved > sought) {
    errors.other_notretrieved_not_imported = `Reports not retrieved (${notRetrieved}) cannot be more than the reports sought (${sought}).`;
  }
  const excluded = boxes.otherExcluded.reduce((total, r) => total + r.n, 0);
  if (!errors[REASONS_BOX] && !errors.other_notretrieved_not_imported && excluded > sought - notRetrieved) {
    errors[REASONS_BOX] = `Reports excluded (${excluded}) cannot be more than the reports sought and retrieved (${sought - notRetrieved}).`;
  }
  return { values, boxes, errors };
}

/** "Reason, n" per line (a colon works too); blank lines skipped. A string is the error. */
export function parseReasonLines(text: string): ReasonEntry[] | string {
  const lines = text.split(/\r\n|\r|\n/).map((l) => l.trim()).filter((l) => l !== '');
  if (lines.length > MAX_REASONS) return `List at most ${MAX_REASONS} reasons.`;
  const reasons: ReasonEntry[] = [];
  for (const [index, line] of lines.entries()) {
    const match = /^(.*?)\s*[,:]\s*(\d+)$/u.exec(line);
    const where = `Line ${index + 1} (“${line.length > 40 ? `${line.slice(0, 40)}…` : line}”)`;
    if (!match) return `${where}: write the reason, a comma, then the number of reports.`;
    const reason = match[1]!.replace(/\s+/g, ' ');
    const n = Number(match[2]);
    if (reason === '') return `${where}: the reason is missing.`;
    if (reason.length > MAX_REASON_LENGTH) return `${where}: keep a reason under ${MAX_REASON_LENGTH} characters.`;
    if (/[\u0000-\u001f\u007f]/.test(reason)) return `${where}: the reason contains a control character.`;
    if (match[2]!.length > 8 || n > MAX_COUNT) return `${where}: at most ${MAX_COUNT.toLocaleString('en-GB')} reports.`;
    if (reasons.some((r) => r.reason.toLowerCase() === reason.toLowerCase())) return `${where}: this reason is listed twice.`;
    reasons.push({ reason, n });
  }
  return reasons;
}

function storedValue(boxes: PrismaBoxes, key: BoxKey): string | null {
  if (key === REASONS_BOX) return boxes.otherExcluded.length === 0 ? null : JSON.stringify(boxes.otherExcluded);
  const n = boxes.counts[key];
  return n === 0 ? null : String(n);
}

/**
 * Stores the boxes (only an owner of the review may), in one transaction with one audit event
 * listing each changed box before and after. Returns how many boxes changed.
 */
export async function saveBoxes(db: Kysely<Database>, ctx: { reviewId: number; actorId: number }, boxes: PrismaBoxes): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const member = await trx.selectFrom('reviewMember').select('role').where('reviewId', '=', ctx.reviewId).where('accountId', '=', ctx.actorId).executeTakeFirst();
    if (member?.role !== 'owner') throw new ForbiddenError('Only an owner of this review can change the PRISMA boxes.');
    const { errors } = parseBoxesForm(boxesAsForm(boxes));
    if (Object.keys(errors).length > 0) throw new ValidationError(errors);

    const current = await readBoxes(trx, ctx.reviewId);
    const before: Record<string, string | null> = {};
    const after: Record<string, string | null> = {};
    const now = new Date().toISOString();
    for (const { key } of BOX_DEFINITIONS) {
      const old = storedValue(current, key);
      const next = storedValue(boxes, key);
      if (old === next) continue;
      before[key] = old;
      after[key] = next;
      if (next === null) {
        await trx.deleteFrom('prismaBox').where('reviewId', '=', ctx.reviewId).where('box', '=', key).execute();
      } else {
        await trx
          .insertInto('prismaBox')
          .values({ reviewId: ctx.reviewId, box: key, value: next, updatedBy: ctx.actorId, updatedAt: now })
          .onConflict((oc) => oc.columns(['reviewId', 'box']).doUpdateSet({ value: next, updatedBy: ctx.actorId, updatedAt: now }))
          .execute();
      }
    }
    const changed = Object.keys(after).length;
    if (changed > 0) {
      await recordAudit(trx, { actorId: ctx.actorId, reviewId: ctx.reviewId, action: 'prisma.boxes', entity: 'review', entityId: ctx.reviewId, before, after });
    }
    return changed;
  });
}

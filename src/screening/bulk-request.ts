/**
 * The bulk decision form of the records list, read from a POST body, and the confirmation it
 * leads to. Row checkboxes send `ids` once per record; the confirmation sends them comma-joined.
 */
import type { Kysely } from 'kysely';
import type { BulkConfirmModel } from '../../views/screening/screening-list.js';
import type { Database } from '../db/schema.js';
import { ValidationError } from '../domain-errors.js';
import { FormInput } from '../http/form-input.js';
import { listQueryString, readListQuery } from '../records/record-list-query.js';
import { BULK_CHOICES, MAX_BULK, type BulkChoice, type BulkInput } from './bulk-decide.js';
import { reasonChoices } from './screening-list-model.js';
import { stageFromPath, stageLabel, stagePath } from './stages.js';

export interface BulkRequest {
  input: BulkInput;
  confirmed: boolean;
}

const fields = (body: unknown) => (body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {});

/** The list address to go back to: re-read and re-written, so it is only ever a query string of the list. */
export function bulkBack(body: unknown): string {
  const raw = fields(body).back;
  if (typeof raw !== 'string' || !raw.startsWith('?')) return '';
  return listQueryString(readListQuery(Object.fromEntries(new URLSearchParams(raw.slice(0, 4000)))));
}

function recordIds(value: unknown): number[] {
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  const ids = new Set<number>();
  for (const text of values) {
    if (typeof text !== 'string') throw new ValidationError({ ids: 'The selection could not be read.' });
    for (const part of text.split(',')) {
      if (part.trim() === '') continue;
      const id = /^\d{1,15}$/.test(part.trim()) ? Number(part.trim()) : NaN;
      if (!Number.isSafeInteger(id) || id <= 0) throw new ValidationError({ ids: 'The selection could not be read.' });
      ids.add(id);
      if (ids.size > MAX_BULK) throw new ValidationError({ ids: `Select at most ${MAX_BULK} records at a time.` });
    }
  }
  return [...ids];
}

/** Throws a ValidationError for anything malformed; whose decision it is never comes from the form. */
export function readBulkRequest(body: unknown): BulkRequest {
  const form = new FormInput(body);
  const stage = stageFromPath(form.text('stage', { label: 'Stage', max: 40 }));
  if (stage === null) form.fail('stage', 'Choose the stage to decide at.');
  const decision = form.oneOf<BulkChoice>('decision', BULK_CHOICES, 'Decision');
  const reasonText = form.text('reason', { label: 'Exclusion reason', max: 20 });
  const reasonId = reasonText === '' ? null : Number(reasonText);
  if (reasonId !== null && !(Number.isSafeInteger(reasonId) && reasonId > 0)) form.fail('reason', 'Choose one of this stage’s exclusion reasons.');
  const confirmed = form.text('confirmed', { label: 'Confirmation', max: 1 }) === '1';
  const ids = recordIds(fields(body).ids);
  form.assertValid();
  return { input: { stage: stage!, decision, reasonId, recordIds: ids }, confirmed };
}

export async function bulkConfirmModel(
  db: Kysely<Database>,
  input: { reviewId: number; base: string; back: string; csrfToken: string; request: BulkRequest },
): Promise<BulkConfirmModel> {
  const { stage, decision, reasonId, recordIds } = input.request.input;
  const reasons = await reasonChoices(db, input.reviewId, stage);
  return {
    action: `${input.base}/bulk`,
    csrfToken: input.csrfToken,
    listUrl: `${input.base}${input.back}`,
    back: input.back,
    stage: stagePath(stage),
    stageLabel: stageLabel(stage),
    decision,
    reasonId: decision === 'exclude' && reasonId !== null ? String(reasonId) : '',
    reasonText: decision === 'exclude' && reasonId !== null ? (reasons.find((r) => r.value === String(reasonId))?.label ?? null) : null,
    ids: recordIds.join(','),
    count: recordIds.length,
    error: null,
  };
}

export function bulkErrorModel(input: { base: string; back: string; csrfToken: string }, message: string): BulkConfirmModel {
  return {
    action: `${input.base}/bulk`,
    csrfToken: input.csrfToken,
    listUrl: `${input.base}${input.back}`,
    back: input.back,
    stage: '',
    stageLabel: '',
    decision: 'include',
    reasonId: '',
    reasonText: null,
    ids: '',
    count: 0,
    error: message,
  };
}

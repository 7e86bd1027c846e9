/**
 * How each audit action reads in the history: a sentence after the person's name ("excluded #102 at
 * full text — Wrong population") and the kind of change it is, for the filter. Pure: the names the
 * sentences need (people, reasons, codes…) come in an AuditNames, looked up per page.
 *
 * ```ts
 * describeAudit({ action: 'screening.not-retrieved', entity: 'record', entityId: '102', before: null, after: null }, names)
 * // { kind: 'screening', sentence: ['marked ', { record: 102 }, ' not retrieved'] }
 * ```
 *
 * Every `action:` written in src/ has an entry here (a test reads the source to make sure), plus
 * those a migration wrote. An unknown action still reads, as its code.
 */

import { languageName } from '../coding/excerpt-language.js';
import { pageLocation } from '../synthesis/export-text.js';
import { findingAuditText } from '../findings/finding-audit-text.js';
import { appraisalAuditText } from '../appraisal/appraisal-audit-text.js';
import { chartAuditText } from '../charting/chart-audit-text.js';
import { formatP } from '../ranker/stopping-estimate.js';

/** A piece of a sentence: text, or a record the page links to. */
export type SentencePart = string | { record: number };
export type Sentence = SentencePart[];

export const AUDIT_KINDS = {
  review: 'Review and team',
  protocol: 'Protocol',
  imports: 'Searches and records',
  duplicates: 'Duplicates',
  screening: 'Screening and full texts',
  coding: 'Codebook and coding',
  extraction: 'Extraction',
  appraisal: 'Quality appraisal',
  findings: 'Review findings (CERQual)',
  chart: 'Framework chart',
  prisma: 'PRISMA',
  accounts: 'Accounts',
} as const;
export type AuditKind = keyof typeof AUDIT_KINDS;

/** One event as stored, its JSON parsed. */
export interface AuditFacts {
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
}

/** Names the sentences show for the ids events hold; missing ids read as gone ("a removed reason"). */
export interface AuditNames {
  accounts: ReadonlyMap<number, string>;
  reasons: ReadonlyMap<number, string>;
  criteria: ReadonlyMap<number, string>;
  codes: ReadonlyMap<number, string>;
  fields: ReadonlyMap<number, string>;
  /** Duplicate pairs: their two records. */
  pairs: ReadonlyMap<number, readonly [number, number]>;
}

type Bag = Record<string, unknown>;

const bag = (value: unknown): Bag => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Bag) : {});
const text = (value: unknown): string => (typeof value === 'string' ? value : value == null ? '' : String(value));
const int = (value: unknown): number | null => {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(n) ? n : null;
};
const ints = (value: unknown): number[] => (Array.isArray(value) ? value.map(int).filter((n): n is number => n !== null) : []);

const QUOTE_MAX = 80;
/** Typed text in quotes, shortened to one line. */
export function quote(value: unknown): string {
  const line = text(value).replace(/\s+/g, ' ').trim();
  return `“${line.length > QUOTE_MAX ? `${line.slice(0, QUOTE_MAX - 1).trimEnd()}…` : line}”`;
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/** "a", "a and b", "a, b and c". */
export function listed(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Record links as a list: #1, #2 and #3. */
function records(ids: readonly number[]): Sentence {
  return ids.flatMap((id, i): Sentence => (i === 0 ? [{ record: id }] : [i === ids.length - 1 ? ' and ' : ', ', { record: id }]));
}

const entityRecord = (e: AuditFacts): SentencePart => {
  const id = int(e.entityId);
  return id === null ? 'a record' : { record: id };
};

const STAGE: Record<string, string> = { title_abstract: 'title and abstract', full_text: 'full text' };
const LIST: Record<string, string> = { inclusion: 'inclusion criterion', exclusion: 'exclusion criterion', title_abstract: 'title/abstract reason', full_text: 'full-text reason' };
const DECIDED: Record<string, string> = { include: 'included', maybe: 'marked maybe', exclude: 'excluded' };
const ROLE: Record<string, string> = { owner: 'an owner', reviewer: 'a reviewer' };

const nameOf = (map: ReadonlyMap<number, string>, id: unknown, gone: string) => {
  const key = int(id);
  const name = key === null ? undefined : map.get(key);
  return name === undefined ? gone : quote(name);
};
const account = (n: AuditNames, id: unknown) => n.accounts.get(int(id) ?? -1) ?? 'a former member';
const moved = (e: AuditFacts) => ((int(bag(e.after).position) ?? 0) < (int(bag(e.before).position) ?? 0) ? 'up' : 'down');
const changedKeys = (e: AuditFacts) => Object.keys(bag(e.after)).length > 0 ? Object.keys(bag(e.after)) : Object.keys(bag(e.before));

// ------------------------------------------------------------------------------------ sentences

interface ActionText {
  kind: AuditKind;
  sentence: (e: AuditFacts, n: AuditNames) => Sentence;
}

/** Criteria and reasons share their actions' shapes (src/reviews/ordered-items.ts). */
function orderedItem(kind: AuditKind, entity: 'criterion' | 'reason', names: (n: AuditNames) => ReadonlyMap<number, string>): Record<string, ActionText> {
  const what = (list: unknown) => LIST[text(list)] ?? entity;
  return {
    [`${entity}.add`]: { kind, sentence: (e) => [`added the ${what(bag(e.after).list)} ${quote(bag(e.after).text)}`] },
    [`${entity}.edit`]: { kind, sentence: (e) => [`reworded the ${entity} ${quote(bag(e.before).text)} as ${quote(bag(e.after).text)}`] },
    [`${entity}.remove`]: {
      kind,
      sentence: (e) => {
        const outcome = bag(e.after);
        const since = outcome.notRetrieved === undefined ? '' : `: ${plural(int(outcome.notRetrieved) ?? 0, 'report')} marked not retrieved instead, ${plural(int(outcome.reassessed) ?? 0, 'report')} to assess again`;
        return [`removed the ${what(bag(e.before).list)} ${quote(bag(e.before).text)}${since}`];
      },
    },
    [`${entity}.move`]: { kind, sentence: (e, n) => [`moved the ${entity} ${nameOf(names(n), e.entityId, `(since removed)`)} ${moved(e)}`] },
  };
}

function settingsChange(e: AuditFacts, n: AuditNames): string {
  const before = bag(e.before);
  const after = bag(e.after);
  const parts: string[] = [];
  for (const key of Object.keys(after)) {
    if (key === 'stage' || JSON.stringify(before[key]) === JSON.stringify(after[key])) continue;
    const value = after[key];
    if (key === 'reviewersNeeded') parts.push(`${plural(int(value) ?? 1, 'reviewer')} per record`);
    else if (key === 'blind') parts.push(value ? 'blind' : 'not blind');
    else if (key === 'recordOrder') parts.push(`records offered in ${text(value).replace('_', ' ')} order`);
    else if (key === 'orderSeed') parts.push(`a new random order`);
    else if (key === 'recallTarget') parts.push(`a stopping estimate aiming at ${Math.round(Number(value) * 100)}% recall`);
    else if (key === 'maybeAdvances') parts.push(value ? '“maybe” goes on to full text' : '“maybe” stays at title and abstract');
    else if (key === 'arbiterId') parts.push(value == null ? 'owners resolve conflicts' : `${account(n, value)} resolves conflicts`);
  }
  return `changed the ${STAGE[text(after.stage)] ?? ''} screening settings${parts.length > 0 ? `: ${listed(parts)}` : ''}`;
}

function importCommit(e: AuditFacts): string {
  const searches = (Array.isArray(e.after) ? e.after : []).map(bag);
  const total = searches.reduce((sum, s) => sum + (int(s.imported) ?? 0), 0);
  const sources = [...new Set(searches.map((s) => text(s.source)).filter(Boolean))];
  const files = searches.map((s) => text(s.fileName));
  return `imported ${plural(total, 'record')}${searches.length > 1 ? ` in ${plural(searches.length, 'search', 'searches')}` : ''}${sources.length > 0 ? ` from ${listed(sources)}` : ''} (${files.join(', ')})`;
}

function merge(e: AuditFacts): Sentence {
  const after = bag(e.after);
  const primary = int(after.primary);
  const others = ints(after.members).filter((id) => id !== primary);
  if (primary === null) return ['merged duplicates'];
  if (text(after.reason) === 'primary') return ['made ', { record: primary }, ' the primary record of its group'];
  return [`merged ${plural(others.length, 'record')} into `, { record: primary }, ' (', ...records(others), ')', text(after.reason) === 'automatic' ? ' automatically: the same work' : ''];
}

function screeningResolve(e: AuditFacts, n: AuditNames): Sentence {
  const after = bag(e.after);
  const reasonId = int(after.reasonId);
  const reason = reasonId === null ? '' : ` — ${n.reasons.get(reasonId) ?? 'a removed reason'}`;
  const note = text(after.note) === '' ? '' : ` (${quote(after.note)})`;
  const verb = e.before == null ? 'the final decision' : 'a new final decision';
  return [`${DECIDED[text(after.decision)] ?? 'decided'} `, entityRecord(e), ` at ${STAGE[text(after.stage)] ?? 'screening'}${reason}${note}, ${verb} on a conflict`];
}

/** An excerpt quoted in another language: ", in Italian, translated by Anna Rossi"; '' in the review's. */
function inLanguage(value: Bag): string {
  const language = text(value.language);
  if (language === '') return '';
  const by = text(value.translator);
  return `, in ${languageName(language)}${text(value.translation) === '' ? '' : by === '' ? ', with a translation' : `, translated by ${by}`}`;
}

/** What an edit changed in an excerpt's language, translation and translator: " — translation added: “…”". */
function languageChanges(e: AuditFacts): string {
  const [before, after] = [bag(e.before), bag(e.after)];
  const was = (key: string) => text(before[key]);
  const now = (key: string) => text(after[key]);
  const changes: string[] = [];
  if (was('language') !== now('language')) {
    changes.push(now('language') === '' ? `now in the review’s language, not ${languageName(was('language'))}` : `language ${languageName(now('language'))}${was('language') === '' ? '' : `, not ${languageName(was('language'))}`}`);
  }
  if (was('translation') !== now('translation')) {
    changes.push(now('translation') === '' ? 'translation removed' : `translation ${was('translation') === '' ? 'added' : 'now'}: ${quote(now('translation'))}`);
  }
  if (was('translator') !== now('translator')) changes.push(now('translator') === '' ? 'translator removed' : `translated by ${now('translator')}`);
  return changes.length === 0 ? '' : ` — ${changes.join('; ')}`;
}

function excerptOf(verb: string, edit = false) {
  return (e: AuditFacts): Sentence => {
    const value = bag(e.after ?? e.before);
    const recordId = int(value.recordId);
    const where = text(value.location) === '' ? '' : ` (${pageLocation(text(value.location))})`;
    return [`${verb} `, recordId === null ? 'a study' : { record: recordId }, `: ${quote(value.text)}${where}${edit ? languageChanges(e) : inLanguage(value)}`];
  };
}

const ORIGIN: Record<string, string> = { a_priori: 'a-priori (part of the framework)', emergent: 'emergent (from the data)' };

function codeEdit(e: AuditFacts, n: AuditNames): string {
  const before = bag(e.before);
  const after = bag(e.after);
  const name = before.name !== undefined ? quote(before.name) : nameOf(n.codes, e.entityId, 'a code since deleted');
  const origin = after.origin === undefined ? '' : ORIGIN[text(after.origin)] ?? text(after.origin);
  if (after.name !== undefined) return `renamed the code ${name} as ${quote(after.name)}${origin === '' ? '' : ` and marked it ${origin}`}`;
  const others = Object.keys(after).filter((k) => k !== 'subCodesRecoloured' && k !== 'origin');
  if (others.length === 0) return `marked the code ${name} ${origin}`;
  return `changed the ${listed(others)} of the code ${name}${origin === '' ? '' : ` and marked it ${origin}`}`;
}

const recordChange = (verb: string) => (e: AuditFacts): Sentence => [`${verb} `, entityRecord(e)];

/** Actions no longer written that older histories still hold: member.add, before invitations (migrations/0014). */
export const RETIRED_ACTIONS: ReadonlySet<string> = new Set(['member.add']);

export const AUDIT_ACTIONS: Record<string, ActionText> = {
  'account.create_owner': { kind: 'accounts', sentence: () => ['set up this Coreview and became its owner'] },
  'account.add': {
    kind: 'accounts',
    sentence: (e) => {
      const after = bag(e.after);
      const from = text(after.from) === '' ? '' : `, from a ${text(after.from)}, disabled until enabled`;
      return [`added the account of ${text(after.name)} (${text(after.email)})${from}`];
    },
  },
  'account.disable': { kind: 'accounts', sentence: (e, n) => [`disabled the account of ${account(n, e.entityId)}`] },
  'account.enable': { kind: 'accounts', sentence: (e, n) => [`enabled the account of ${account(n, e.entityId)}`] },
  'account.change_password': { kind: 'accounts', sentence: () => ['changed their password'] },
  'account.reset_password': { kind: 'accounts', sentence: (e, n) => [`set a temporary password for ${account(n, e.entityId)}`] },

  'review.create': { kind: 'review', sentence: (e) => [`created the review ${quote(bag(e.after).title)}`] },
  'review.update': { kind: 'review', sentence: (e) => [`changed the review’s ${listed(changedKeys(e).filter((k) => JSON.stringify(bag(e.before)[k]) !== JSON.stringify(bag(e.after)[k])).map((k) => (k === 'slug' ? 'short name' : k)))}`] },
  'review.import': { kind: 'review', sentence: (e) => [`imported this review from the archive ${quote(bag(e.after).archive)} (review “${text(bag(e.after).from)}”)`] },
  'member.add': { kind: 'review', sentence: (e, n) => [`added ${account(n, e.entityId)} to the team as ${ROLE[text(bag(e.after).role)] ?? 'a member'}`] },
  'member.role': { kind: 'review', sentence: (e, n) => [`made ${account(n, e.entityId)} ${ROLE[text(bag(e.after).role)] ?? 'a member'}`] },
  'member.remove': { kind: 'review', sentence: (e, n) => [`removed ${account(n, e.entityId)} from the team`] },
  'member.invite': { kind: 'review', sentence: (e) => [`invited ${text(bag(e.after).email)} to the team as ${ROLE[text(bag(e.after).role)] ?? 'a member'}`] },
  'member.invite_withdraw': { kind: 'review', sentence: (e) => [`withdrew the invitation of ${text(bag(e.before).email)}`] },
  'member.accept': { kind: 'review', sentence: (e) => [`accepted the invitation and joined the team as ${ROLE[text(bag(e.after).role)] ?? 'a member'}`] },
  'member.decline': { kind: 'review', sentence: () => ['declined the invitation to the team'] },

  ...orderedItem('protocol', 'criterion', (n) => n.criteria),
  ...orderedItem('protocol', 'reason', (n) => n.reasons),
  'terms.update': {
    kind: 'protocol',
    sentence: (e) => {
      const count = (polarity: string) => plural(Array.isArray(bag(e.after)[polarity]) ? (bag(e.after)[polarity] as unknown[]).length : 0, 'term');
      return [`changed the highlight terms: ${count('include')} to include, ${count('exclude')} to exclude`];
    },
  },

  'import.commit': { kind: 'imports', sentence: (e) => [importCommit(e)] },
  'import.remove': {
    kind: 'imports',
    sentence: (e) => {
      const before = bag(e.before);
      return [`removed the search ${text(before.source) || 'without a source'} (${text(before.file)}) and its ${plural(int(before.records) ?? 0, 'record')}`];
    },
  },
  'record.edit': { kind: 'imports', sentence: (e) => ['edited ', entityRecord(e), `: ${listed(changedKeys(e))}`] },

  'duplicates.detect': {
    kind: 'duplicates',
    sentence: (e) => {
      const after = bag(e.after);
      const merges = Array.isArray(after.merges) ? after.merges.length : 0;
      const scope = text(after.scope) === 'review' ? 'across the review' : 'among new records';
      return [`looked for duplicates ${scope}: ${plural(int(after.newPairs) ?? 0, 'new pair')}, ${plural(merges, 'group')} merged automatically, ${plural(int(after.queued) ?? 0, 'pair')} to check`];
    },
  },
  'duplicates.merge': { kind: 'duplicates', sentence: merge },
  'duplicates.decide': {
    kind: 'duplicates',
    sentence: (e, n) => {
      const pair = n.pairs.get(int(e.entityId) ?? -1);
      const what = { same: 'are the same work', different: 'are not duplicates', versions: 'are versions of one work' }[text(bag(e.after).status)] ?? 'were decided';
      return pair ? ['decided ', ...records(pair), ` ${what}`] : [`decided a pair of records ${what}`];
    },
  },
  'duplicates.undo': {
    kind: 'duplicates',
    sentence: (e) => {
      const links = (Array.isArray(bag(e.before).links) ? (bag(e.before).links as unknown[]) : []).map(bag);
      const primary = links.map((l) => int(l.duplicateOf)).find((id) => id !== null) ?? null;
      const linked = links.filter((l) => int(l.duplicateOf) !== null).map((l) => int(l.id)!);
      return ['undid the merge of ', ...records(linked), ...(primary === null ? [] : [' into ', { record: primary }])];
    },
  },
  'duplicates.separate-report': { kind: 'duplicates', sentence: (e) => ['counted ', entityRecord(e), ' as a study of its own, no longer a version of another work'] },
  'studies.group-report': {
    kind: 'duplicates',
    sentence: (e) => {
      const study = int(bag(e.after).study);
      return ['grouped ', entityRecord(e), ' as a report of the same study as ', ...(study === null ? ['another record'] : [{ record: study }])];
    },
  },
  'duplicates.detach': {
    kind: 'duplicates',
    sentence: (e) => {
      const primaries = Object.values(bag(bag(e.after).newPrimaries)).map(int).filter((id): id is number => id !== null);
      return [`took a removed search’s records out of their duplicate groups`, ...(primaries.length > 0 ? ['; new primary records: ', ...records(primaries)] : [])];
    },
  },

  'screening.settings': { kind: 'screening', sentence: (e, n) => [settingsChange(e, n)] },
  'screening.resolve': { kind: 'screening', sentence: screeningResolve },
  'screening.stopped': {
    kind: 'screening',
    sentence: (e) => {
      const a = bag(e.after);
      const [screened, total, target, p] = [int(a.screened), int(a.total), Number(a.recallTarget), Number(a.pValue)];
      const figures = screened === null || total === null || !Number.isFinite(target) || !Number.isFinite(p) ? '' : ` after ${screened} of ${total} records (recall ≥ ${Math.round(target * 100)}%, ${formatP(p)})`;
      return [`recorded title and abstract screening as stopped on its stopping estimate${figures}`];
    },
  },
  'screening.resumed': { kind: 'screening', sentence: () => ['resumed title and abstract screening after it had been recorded as stopped'] },
  'screening.not-retrieved': {
    kind: 'screening',
    sentence: (e) => ['marked ', entityRecord(e), ` not retrieved${text(bag(e.after).from) === '' ? '' : ` (it had been excluded as ${quote(bag(e.after).from)})`}`],
  },
  'screening.retrieved': { kind: 'screening', sentence: recordChange('marked as retrieved') },
  'fulltext.attach': {
    kind: 'screening',
    sentence: (e) => [`${e.before == null ? 'attached' : 'replaced'} the PDF of `, entityRecord(e), `: ${quote(bag(e.after).pdfName)}`],
  },
  'fulltext.link': {
    kind: 'screening',
    sentence: (e) => (typeof e.after === 'string' && e.after !== '' ? ['linked the full text of ', entityRecord(e), ` to ${e.after}`] : ['removed the full-text link of ', entityRecord(e)]),
  },
  'fulltext.remove': { kind: 'screening', sentence: recordChange('removed the full text of') },

  'codebook.template': { kind: 'coding', sentence: (e) => [`started the codebook from the framework template (${plural(int(bag(e.after).codes) ?? 0, 'code')})`] },
  'codebook.import': { kind: 'coding', sentence: (e) => [`imported ${plural(int(bag(e.after).codes) ?? 0, 'code')} into the codebook from ${quote(bag(e.after).fileName)}`] },
  'code.add': {
    kind: 'coding',
    sentence: (e) => {
      const after = bag(e.after);
      // The parent's path, written " › "-joined by addCode (an array in no event so far, read too).
      const parent = Array.isArray(after.parent) ? after.parent.map(text).join(' › ') : text(after.parent);
      const emergent = text(after.origin) === 'emergent' ? `, ${ORIGIN.emergent}` : '';
      return [`added the code ${quote(after.name)}${parent !== '' ? ` under ${parent}` : ' as a group'}${emergent}`];
    },
  },
  'code.edit': { kind: 'coding', sentence: (e, n) => [codeEdit(e, n)] },
  'code.move': { kind: 'coding', sentence: (e, n) => [`moved the code ${nameOf(n.codes, e.entityId, 'since deleted')} ${moved(e)}`] },
  'code.reparent': {
    kind: 'coding',
    sentence: (e) => {
      const path = (v: unknown) => (Array.isArray(v) ? v.map(text).join(' › ') : text(v));
      return [`moved the code ${path(bag(e.before).path)} to ${path(bag(e.after).path)}`];
    },
  },
  'code.delete': {
    kind: 'coding',
    sentence: (e) => {
      const before = bag(e.before);
      const subCodes = Array.isArray(before.subCodes) ? before.subCodes.length : 0;
      return [`deleted the code ${Array.isArray(before.path) ? before.path.map(text).join(' › ') : ''}${subCodes > 0 ? ` with ${plural(subCodes, 'sub-code')}` : ''}`];
    },
  },
  'code.merge': {
    kind: 'coding',
    sentence: (e) => {
      const path = (v: unknown) => (Array.isArray(v) ? v.map(text).join(' › ') : text(v));
      return [`merged the code ${path(bag(e.after).from)} into ${path(bag(e.after).into)}`];
    },
  },
  'coding.apply': { kind: 'coding', sentence: (e) => [`applied ${quote(bag(e.after).code)} to `, entityRecord(e)] },
  'coding.remove': { kind: 'coding', sentence: (e) => [`took ${quote(bag(e.before).code)} off `, entityRecord(e)] },
  'coding.memo': {
    kind: 'coding',
    sentence: (e) => [text(bag(e.after).memo) === '' ? 'cleared the memo of ' : text(bag(e.before).memo) === '' ? 'wrote the memo of ' : 'rewrote the memo of ', entityRecord(e)],
  },
  'excerpt.add': { kind: 'coding', sentence: excerptOf('quoted') },
  'excerpt.edit': { kind: 'coding', sentence: excerptOf('edited an excerpt of', true) },
  'excerpt.delete': { kind: 'coding', sentence: excerptOf('deleted an excerpt of') },
  'coding.mode': { kind: 'coding', sentence: (e) => [text(bag(e.after).mode) === 'double' ? 'chose independent double coding, then consensus' : 'chose shared coding'] },
  // A pass's events never say what it holds: the other coder reads the history too.
  'coding.pass_edit': { kind: 'coding', sentence: (e) => ['changed their own coding pass of ', entityRecord(e)] },
  'coding.pass_finish': { kind: 'coding', sentence: (e) => ['finished their coding pass of ', entityRecord(e)] },
  'coding.pass_remove': { kind: 'coding', sentence: (e) => [`removed ${text(bag(e.before).coder)}’s unfinished coding pass of `, entityRecord(e)] },
  'coding.consensus_take': { kind: 'coding', sentence: (e) => [`took ${text(bag(e.after).coder)}’s excerpt into the agreed coding of `, { record: int(bag(e.after).recordId) ?? 0 }] },
  'coding.consensus_complete': { kind: 'coding', sentence: (e) => ['completed the coding consensus of ', entityRecord(e)] },

  'extraction-field.add': { kind: 'extraction', sentence: (e) => [`added the extraction field ${quote(bag(e.after).label)} (${text(bag(e.after).kind).replace(/_/g, ' ')})`] },
  'extraction-field.edit': {
    kind: 'extraction',
    sentence: (e, n) =>
      bag(e.after).label !== undefined
        ? [`renamed the extraction field ${quote(bag(e.before).label)} as ${quote(bag(e.after).label)}`]
        : [`changed the ${listed(changedKeys(e))} of the extraction field ${nameOf(n.fields, e.entityId, '(since deleted)')}`],
  },
  'extraction-field.move': { kind: 'extraction', sentence: (e, n) => [`moved the extraction field ${nameOf(n.fields, e.entityId, '(since deleted)')} ${moved(e)}`] },
  'extraction-field.delete': {
    kind: 'extraction',
    sentence: (e) => {
      const values = int(bag(e.before).values) ?? 0;
      return [`deleted the extraction field ${quote(bag(e.before).label)}${values > 0 ? ` with its ${plural(values, 'value')}` : ''}`];
    },
  },
  'extraction.save': { kind: 'extraction', sentence: (e) => ['extracted ', entityRecord(e), `: ${listed(changedKeys(e).map((label) => quote(label)))}`] },
  'extraction.status': {
    kind: 'extraction',
    sentence: (e) => ['marked the extraction of ', entityRecord(e), text(bag(e.after).status) === 'complete' ? ' complete' : ' in progress'],
  },

  'appraisal.settings': { kind: 'appraisal', sentence: (e) => [appraisalAuditText.settings(bag(e.after))] },
  'appraisal.instrument': { kind: 'appraisal', sentence: (e) => [appraisalAuditText.instrument(bag(e.before), bag(e.after))] },
  'appraisal.save': { kind: 'appraisal', sentence: (e) => ['saved a draft appraisal of ', entityRecord(e)] },
  'appraisal.finish': { kind: 'appraisal', sentence: (e) => ['finished their appraisal of ', entityRecord(e)] },
  'appraisal.consensus': { kind: 'appraisal', sentence: (e) => [e.before == null ? 'recorded the consensus appraisal of ' : 'changed the consensus appraisal of ', entityRecord(e), appraisalAuditText.overall(bag(e.after))] },

  'finding.add': { kind: 'findings', sentence: (e) => [`added the review finding ${quote(bag(e.after).statement)}${findingAuditText.confidence(bag(e.after))}`] },
  'finding.edit': {
    kind: 'findings',
    sentence: (e) => {
      const changed = findingAuditText.changes(bag(e.before), bag(e.after));
      return [`edited the review finding ${quote(bag(e.before).statement)}${changed.length > 0 ? `: ${listed(changed)}` : ''}`];
    },
  },
  'finding.move': { kind: 'findings', sentence: (e) => [`moved the review finding ${quote(bag(e.after).statement)} ${moved(e)}`] },
  'finding.delete': { kind: 'findings', sentence: (e) => [`deleted the review finding ${quote(bag(e.before).statement)}${findingAuditText.confidence(bag(e.before))}`] },

  'chart.framework-summary': {
    kind: 'chart',
    sentence: (e) => {
      const [before, after] = [bag(e.before), bag(e.after)];
      const summary = text(after.summary);
      return [`${chartAuditText.verb(before, after)} the chart summary of ${chartAuditText.frameworkCell(after)}${summary === '' ? '' : `: ${quote(summary)}`}`];
    },
  },
  'chart.study-summary': {
    kind: 'chart',
    sentence: (e) => {
      const [before, after] = [bag(e.before), bag(e.after)];
      const summary = text(after.summary);
      return [`${chartAuditText.verb(before, after)} the chart summary of `, entityRecord(e), ` × ${chartAuditText.theme(after)}${summary === '' ? '' : `: ${quote(summary)}`}`];
    },
  },

  'prisma.boxes': { kind: 'prisma', sentence: (e) => [`changed ${plural(changedKeys(e).length, 'PRISMA box', 'PRISMA boxes')} filled by hand`] },
};

/** The event's sentence (after its author's name) and kind; an unknown action reads as its code. */
export function describeAudit(e: AuditFacts, names: AuditNames): { kind: AuditKind | null; sentence: Sentence } {
  const known = AUDIT_ACTIONS[e.action];
  if (!known) return { kind: null, sentence: [`did ${e.action}${e.entityId ? ` on ${e.entity} ${e.entityId}` : ''}`] };
  return { kind: known.kind, sentence: known.sentence(e, names) };
}

/** The actions of a kind, for the filter. */
export const actionsOfKind = (kind: AuditKind): string[] => Object.keys(AUDIT_ACTIONS).filter((action) => AUDIT_ACTIONS[action]!.kind === kind);

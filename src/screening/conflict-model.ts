/**
 * The conflicts page's model: one conflict at a time, as records are screened — the record, every
 * reviewer's decision beside the others, where it stands ("3 of 12"), the conflicts on either side,
 * and where to go once none are left. One place, so the page, the fragment after a resolution and
 * J/K all show the same thing. Only resolvers get here (the routes check).
 */
import type { Kysely } from 'kysely';
import type { Database, Stage } from '../db/schema.js';
import { loadFullText, type FullTextModel } from '../fulltext/full-text-model.js';
import { readTerms } from '../reviews/highlight-terms.js';
import { readLists, REASONS } from '../reviews/ordered-items.js';
import { readCounters, type Counters } from '../reviews/stage-counters.js';
import { conflictPosition, decisionsOn, isConflict, neighbourConflict, type ConflictDecision } from './conflict-queries.js';
import { loadCard, type ScreeningCard, type Viewer } from './screening-card.js';
import { readSettings } from './screening-settings.js';
import { reasonListOf, stageLabel, stagePath } from './stages.js';
import { othersVisible, type ReviewAccess } from './visibility.js';

export interface ShownConflict {
  card: ScreeningCard;
  decisions: ConflictDecision[];
  /** At full text: the report's PDF or link, as the screening page shows it. */
  fullText: FullTextModel | null;
  /** The reason every reviewer who excluded gave, when they agree on one: E excludes with it. */
  sharedReasonId: number | null;
  /** 1-based, among the stage's conflicts. */
  position: number;
  previousUrl: string | null;
  nextUrl: string | null;
}

export interface ConflictModel {
  slug: string;
  stage: Stage;
  /** /reviews/:slug/screening/:stage */
  base: string;
  csrfToken: string;
  pdfLimitMb: number;
  /** When this conflict was put on screen (the server's clock, ms): sent back with the resolution (read-first.ts). */
  shownAt: number;
  conflict: ShownConflict | null;
  total: number;
  reasons: Array<{ id: number; text: string; key: string | null }>;
  /** Where to go once no conflict is left. */
  onward: Array<{ href: string; text: string }>;
  notice?: string;
  error?: string;
}

export interface ConflictRequest {
  db: Kysely<Database>;
  reviewId: number;
  slug: string;
  stage: Stage;
  viewer: Viewer;
  access: ReviewAccess;
  csrfToken: string;
  pdfLimitMb: number;
  /** Date.now() but in tests. */
  now: number;
}

/** Which conflict to show: a given one, the one after a record (just resolved), or the first. */
export type ConflictTarget = { record: number } | { after: number } | { first: true };

export async function conflictModel(req: ConflictRequest, target: ConflictTarget, message: { notice?: string; error?: string } = {}): Promise<ConflictModel> {
  const { db, reviewId, stage } = req;
  const base = `/reviews/${req.slug}/screening/${stagePath(stage)}`;
  const [counters, reasonLists] = await Promise.all([readCounters(db, reviewId), readLists(db, REASONS, reviewId)]);
  const recordId = await targetRecord(req, target);
  return {
    slug: req.slug,
    stage,
    base,
    csrfToken: req.csrfToken,
    pdfLimitMb: req.pdfLimitMb,
    shownAt: req.now,
    conflict: recordId === null ? null : await shownConflict(req, base, recordId),
    total: stage === 'title_abstract' ? counters.ta_conflicts : counters.ft_conflicts,
    reasons: reasonLists[reasonListOf(stage)].map((r, i) => ({ id: r.id, text: r.text, key: i < 9 ? String(i + 1) : null })),
    onward: onward(req.slug, stage, counters),
    ...message,
  };
}

/** With no conflict left: the next stage when records have reached it, and the Overview. */
function onward(slug: string, stage: Stage, counters: Counters): ConflictModel['onward'] {
  const overview = { href: `/reviews/${slug}`, text: 'Back to the Overview' };
  if (stage === 'title_abstract' && counters.ta_included > 0) {
    return [{ href: `/reviews/${slug}/screening/${stagePath('full_text')}`, text: 'Go on to full-text screening' }, overview];
  }
  if (stage === 'full_text' && counters.ft_included > 0) return [{ href: `/reviews/${slug}/coding`, text: 'Go on to coding the included studies' }, overview];
  return [overview, { href: `/reviews/${slug}/screening/${stagePath(stage)}`, text: `Back to ${stageLabel(stage).toLowerCase()} screening` }];
}

/** A record asked for that is no longer a conflict (resolved in another tab) gives way to the next one. */
async function targetRecord({ db, reviewId, stage }: ConflictRequest, target: ConflictTarget): Promise<number | null> {
  if ('first' in target) return neighbourConflict(db, reviewId, stage, 'next');
  const from = 'record' in target ? target.record : target.after;
  if ('record' in target && (await isConflict(db, reviewId, stage, from))) return from;
  // Past the last one, go round: conflicts skipped with J are still waiting before it.
  return (await neighbourConflict(db, reviewId, stage, 'next', from)) ?? neighbourConflict(db, reviewId, stage, 'next');
}

async function shownConflict(req: ConflictRequest, base: string, recordId: number): Promise<ShownConflict | null> {
  const { db, reviewId, stage } = req;
  const [settings, terms] = await Promise.all([readSettings(db, reviewId, stage), readTerms(db, reviewId)]);
  const card = await loadCard(db, reviewId, stage, recordId, req.viewer, { settings, terms });
  if (!card) return null;
  // Every decision, the viewer's own among them, where blind screening lets them see the others'.
  const decisions = othersVisible(req.viewer, settings.blind === 1, card.status) ? await decisionsOn(db, stage, [recordId]) : [];
  const [position, previous, next] = await Promise.all([
    conflictPosition(db, reviewId, stage, recordId),
    neighbourConflict(db, reviewId, stage, 'previous', recordId),
    neighbourConflict(db, reviewId, stage, 'next', recordId),
  ]);
  const url = (id: number | null) => (id === null ? null : `${base}/conflicts?record=${id}`);
  const fullText = stage === 'full_text' ? await loadFullText(db, reviewId, recordId, req.access) : null;
  return { card, decisions, fullText, sharedReasonId: sharedReason(decisions), position, previousUrl: url(previous), nextUrl: url(next) };
}

function sharedReason(decisions: ConflictDecision[]): number | null {
  const reasons = new Set(decisions.filter((d) => d.decision === 'exclude').map((d) => d.reasonId));
  const [only] = reasons;
  return reasons.size === 1 && only !== undefined ? only : null;
}

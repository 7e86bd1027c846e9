/**
 * The screening page's model: which record (asked for, or the next in the queue), its card, the
 * stage's reasons and criteria, progress, and the links around it. One place, so the full page,
 * the htmx fragment after a decision and the undo all show the same thing.
 *
 * The reviewer's lease follows the record shown (screening-lease.ts): the next record is chosen
 * and leased together; a record opened by URL (a reload, an undo) is leased when it still needs
 * their decision; anything else shown (one they decided, going back) lets their lease go.
 *
 * Blind screening (visibility.ts): the team's figures only where the viewer may see the stage's
 * results, and no full-text record at all while title and abstract, which sends them there, is
 * blind to the viewer: the answer to their own decision must not tell what the others decided.
 */
import type { Kysely } from 'kysely';
import type { Database, Stage } from '../db/schema.js';
import { loadFullText, type FullTextModel } from '../fulltext/full-text-model.js';
import { readRankingState, type RankingState } from '../ranker/ranking-state.js';
import { readTerms } from '../reviews/highlight-terms.js';
import { CRITERIA, readLists, REASONS } from '../reviews/ordered-items.js';
import { loadCard, readProgress, type Progress, type ScreeningCard, type Viewer } from './screening-card.js';
import { claimNext, holdLease } from './screening-lease.js';
import { awaitsReviewer, previousForReviewer, queuePosition, seekerOf } from './screening-queue.js';
import type { ScreeningSettings } from './screening-settings.js';
import { reasonListOf, stagePath } from './stages.js';
import type { TermLists } from './term-marks.js';
import { BLIND_TITLE_ABSTRACT, stageRecordsVisible, stageResultsVisible, type ReviewAccess } from './visibility.js';

export interface ScreenModel {
  slug: string;
  stage: Stage;
  /** /reviews/:slug/screen/:stage */
  base: string;
  csrfToken: string;
  settings: Pick<ScreeningSettings, 'reviewersNeeded' | 'blind'>;
  viewer: Viewer;
  /** Why the stage has no records for the viewer (blind title and abstract screening); null when it is open. */
  closed: string | null;
  card: ScreeningCard | null;
  reasons: Array<{ id: number; text: string; key: string | null }>;
  criteria: { inclusion: string[]; exclusion: string[] };
  progress: Progress;
  /** Back: the record just skipped (after a skip), else the one the viewer decided before this one. */
  previousUrl: string | null;
  skipUrl: string | null;
  /** When the card was put on screen, ms since 1970: the decision form sends it back (read-first.ts). */
  shownAt: number;
  /** Whether the reviewer has a change to undo (their decisions in this stage). */
  canUndo: boolean;
  /** No record is free for the viewer, but some still need their decision: others are looking at them now. */
  othersHoldTheRest: boolean;
  /** At full text: the report's PDF or link, and whether it was retrieved. */
  fullText: FullTextModel | null;
  pdfLimitMb: number;
  /**
   * In relevance order: where the ranking stands — null where the viewer may not see the stage's
   * results (how many outcomes settled, and the estimate made of them, count others' decisions).
   */
  relevance: { state: RankingState | null; recallTarget: number; mayStop: boolean; stoppedAt: string | null } | null;
  notice?: string;
  error?: string;
}

export interface ScreenRequest {
  db: Kysely<Database>;
  reviewId: number;
  slug: string;
  stage: Stage;
  /** The stage's settings, as the caller read them. */
  settings: ScreeningSettings;
  viewer: Viewer;
  /** What the viewer may see of each stage (visibility.ts). */
  access: ReviewAccess;
  csrfToken: string;
  pdfLimitMb: number;
  /** The time leases are taken and compared at, in ms since 1970 (Date.now() but in tests). */
  now: number;
  /** Whether the viewer owns the review (owners record that screening stopped on its estimate). */
  isOwner: boolean;
}

/**
 * Which record to show: a given one, the next after a given one (skip), the next in the queue, or
 * one the caller already chose and leased (`taken`, null when none was free: decide-and-take-next.ts).
 */
export type ScreenTarget = { record: number } | { after: number } | { next: true } | { taken: number | null };

export async function screenModel(req: ScreenRequest, target: ScreenTarget, message: { notice?: string; error?: string } = {}): Promise<ScreenModel> {
  const { db, reviewId, stage, viewer, settings, access } = req;
  const open = stageRecordsVisible(access, stage);
  const [terms, reasonLists, criteriaLists, progress] = await Promise.all([
    readTerms(db, reviewId),
    readLists(db, REASONS, reviewId),
    readLists(db, CRITERIA, reviewId),
    readProgress(db, reviewId, stage, viewer.id, stageResultsVisible(access, stage)),
  ]);
  const card = open ? await targetCard(req, target, terms) : null;
  const base = `/reviews/${req.slug}/screening/${stagePath(stage)}`;
  const previous = open ? await previousForReviewer(db, reviewId, stage, viewer.id, card?.mine ? { decidedAt: card.mine.decidedAt, recordId: card.record.id } : undefined) : null;
  return {
    slug: req.slug,
    stage,
    base,
    csrfToken: req.csrfToken,
    settings: { reviewersNeeded: settings.reviewersNeeded, blind: settings.blind },
    viewer,
    closed: open ? null : BLIND_TITLE_ABSTRACT,
    card,
    reasons: reasonLists[reasonListOf(stage)].map((r, i) => ({ id: r.id, text: r.text, key: i < 9 ? String(i + 1) : null })),
    criteria: { inclusion: criteriaLists.inclusion.map((c) => c.text), exclusion: criteriaLists.exclusion.map((c) => c.text) },
    progress,
    previousUrl: 'after' in target ? `${base}?record=${target.after}` : previous === null ? null : `${base}?record=${previous}`,
    skipUrl: card ? `${base}?after=${card.record.id}` : null,
    shownAt: req.now,
    canUndo: open && progress.mine > 0,
    othersHoldTheRest: open && card === null && !('record' in target) && (await awaitsReviewer(db, { reviewId, stage, reviewerId: viewer.id })),
    fullText: card && stage === 'full_text' ? await loadFullText(db, reviewId, card.record.id, access) : null,
    pdfLimitMb: req.pdfLimitMb,
    relevance: settings.recordOrder === 'relevance'
      ? {
          state: stageResultsVisible(access, stage) ? await readRankingState(db, reviewId, stage) : null,
          recallTarget: settings.recallTarget,
          mayStop: req.isOwner && stage === 'title_abstract',
          stoppedAt: settings.stoppedAt,
        }
      : null,
    ...message,
  };
}

/** The card to show, with the viewer's lease moved to it or let go; null when nothing is free or the record is not in this stage. */
async function targetCard(req: ScreenRequest, target: ScreenTarget, terms: TermLists): Promise<ScreeningCard | null> {
  const { db, reviewId, stage, viewer, settings, now } = req;
  const reviewer = { reviewId, stage, reviewerId: viewer.id };
  const load = (recordId: number) => loadCard(db, reviewId, stage, recordId, viewer, { settings, terms });
  if ('record' in target) {
    const card = (await load(target.record)) ?? null;
    await holdLease(db, reviewer, card?.status === 'open' && card.mine === null ? card.record.id : null, now);
    return card;
  }
  let recordId: number | null;
  if ('taken' in target) {
    recordId = target.taken;
  } else {
    const after = 'after' in target ? await queuePosition(db, reviewId, stage, target.after) : undefined;
    recordId = await claimNext(db, seekerOf(settings, reviewer, now), after);
  }
  return recordId === null ? null : ((await load(recordId)) ?? null);
}

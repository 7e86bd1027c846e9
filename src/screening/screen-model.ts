/**
 * The screening page's model: which record (asked for, or the next in the queue), its card, the
 * stage's reasons and criteria, progress, and the links around it. One place, so the full page,
 * the htmx fragment after a decision and the undo all show the same thing.
 */
import type { Kysely } from 'kysely';
import type { Database, Stage } from '../db/schema.js';
import { loadFullText, type FullTextModel } from '../fulltext/full-text-model.js';
import { readTerms } from '../reviews/highlight-terms.js';
import { CRITERIA, readLists, REASONS } from '../reviews/ordered-items.js';
import { loadCard, readProgress, type Progress, type ScreeningCard, type Viewer } from './screening-card.js';
import { nextForReviewer, previousForReviewer } from './screening-queue.js';
import type { ScreeningSettings } from './screening-settings.js';
import { reasonListOf, stagePath } from './stages.js';

export interface ScreenModel {
  slug: string;
  stage: Stage;
  /** /reviews/:slug/screen/:stage */
  base: string;
  csrfToken: string;
  settings: Pick<ScreeningSettings, 'reviewersNeeded' | 'blind'>;
  viewer: Viewer;
  card: ScreeningCard | null;
  reasons: Array<{ id: number; text: string; key: string | null }>;
  criteria: { inclusion: string[]; exclusion: string[] };
  progress: Progress;
  previousUrl: string | null;
  skipUrl: string | null;
  /** Whether the reviewer has a change to undo (their decisions in this stage). */
  canUndo: boolean;
  /** At full text: the report's PDF or link, and whether it was retrieved. */
  fullText: FullTextModel | null;
  pdfLimitMb: number;
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
  csrfToken: string;
  pdfLimitMb: number;
}

/** Which record to show: a given one, the next after a given one (skip), or the next in the queue. */
export type ScreenTarget = { record: number } | { after: number } | { next: true };

export async function screenModel(req: ScreenRequest, target: ScreenTarget, message: { notice?: string; error?: string } = {}): Promise<ScreenModel> {
  const { db, reviewId, stage, viewer, settings } = req;
  const [terms, reasonLists, criteriaLists, progress] = await Promise.all([
    readTerms(db, reviewId),
    readLists(db, REASONS, reviewId),
    readLists(db, CRITERIA, reviewId),
    readProgress(db, reviewId, stage, viewer.id),
  ]);
  const recordId = await targetRecord(db, reviewId, stage, viewer.id, target);
  const card = recordId === null ? null : ((await loadCard(db, reviewId, stage, recordId, viewer, { settings, terms })) ?? null);
  const base = `/reviews/${req.slug}/screening/${stagePath(stage)}`;
  const previous = await previousForReviewer(db, reviewId, stage, viewer.id, card?.mine ? { decidedAt: card.mine.decidedAt, recordId: card.record.id } : undefined);
  return {
    slug: req.slug,
    stage,
    base,
    csrfToken: req.csrfToken,
    settings: { reviewersNeeded: settings.reviewersNeeded, blind: settings.blind },
    viewer,
    card,
    reasons: reasonLists[reasonListOf(stage)].map((r, i) => ({ id: r.id, text: r.text, key: i < 9 ? String(i + 1) : null })),
    criteria: { inclusion: criteriaLists.inclusion.map((c) => c.text), exclusion: criteriaLists.exclusion.map((c) => c.text) },
    progress,
    previousUrl: previous === null ? null : `${base}?record=${previous}`,
    skipUrl: card ? `${base}?after=${card.record.id}` : null,
    canUndo: progress.mine > 0,
    fullText: card && stage === 'full_text' ? await loadFullText(db, reviewId, card.record.id) : null,
    pdfLimitMb: req.pdfLimitMb,
    ...message,
  };
}

async function targetRecord(db: Kysely<Database>, reviewId: number, stage: Stage, viewerId: number, target: ScreenTarget): Promise<number | null> {
  if ('record' in target) return target.record;
  if ('after' in target) {
    const item = await db.selectFrom('screeningItem').select(['recordId', 'sortKey']).where('reviewId', '=', reviewId).where('stage', '=', stage).where('recordId', '=', target.after).executeTakeFirst();
    return nextForReviewer(db, reviewId, stage, viewerId, item);
  }
  return nextForReviewer(db, reviewId, stage, viewerId);
}

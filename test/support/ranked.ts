import type { Sqlite } from '../../src/db/open.js';

/** Waits until the server's ranker thread has ranked every change of the stage so far (ranking_stage.version = ranked_version). */
export async function waitUntilRanked(sqlite: Sqlite, reviewId: number, stage: 'title_abstract' | 'full_text' = 'title_abstract'): Promise<void> {
  const deadline = Date.now() + 20_000;
  const done = sqlite.prepare('SELECT version = ranked_version FROM ranking_stage WHERE review_id = ? AND stage = ?').pluck();
  while (done.get(reviewId, stage) !== 1) {
    if (Date.now() > deadline) throw new Error('the ranker did not rank the stage within 20 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

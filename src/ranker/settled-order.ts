import type { Sqlite } from '../db/open.js';
import type { Stage } from '../db/schema.js';

export interface SettledOrder {
  recordIds: number[];
  /** 1: include or maybe (relevant), 0: exclude; in the order the records settled. */
  labels: Uint8Array;
}

/**
 * A stage's settled records in the order they settled (screening_item.settled_seq, stamped by a
 * trigger when an item becomes decided: a later change of note or labels does not move it), with
 * their outcomes as the model and the stopping test read them. Read inside the ranking's snapshot,
 * straight from SQLite (tens of thousands of rows).
 */
export function settledInOrder(sqlite: Sqlite, reviewId: number, stage: Stage): SettledOrder {
  const rows = sqlite
    .prepare("SELECT record_id, outcome != 'exclude' FROM screening_item WHERE review_id = ? AND stage = ? AND status = 'decided' AND active = 1 ORDER BY settled_seq, record_id")
    .raw()
    .all(reviewId, stage) as Array<[number, number]>;
  return { recordIds: rows.map((r) => r[0]), labels: Uint8Array.from(rows, (r) => r[1]) };
}

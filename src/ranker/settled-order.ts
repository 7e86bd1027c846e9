/**
 * A stage's settled records in the order they settled (screening_item.settled_seq, stamped by a
 * trigger when an item becomes decided: a later change of note or labels does not move it), with
 * their outcomes as the model and the stopping test read them. Read inside the ranking's snapshot
 * (ranker-reads.ts, one query per database).
 */
export interface SettledOrder {
  recordIds: number[];
  /** 1: include or maybe (relevant), 0: exclude; in the order the records settled. */
  labels: Uint8Array;
}

import type { Kysely } from 'kysely';
import type { CodeRow, Database } from '../db/schema.js';
import { NotFoundError } from '../domain-errors.js';
import { GROUP_PALETTE, MAX_DEPTH, nameKey } from './codebook-rules.js';

export type Row = Pick<CodeRow, 'id' | 'parentId' | 'name' | 'description' | 'colour' | 'position' | 'origin'>;

/** The whole codebook of a review in memory (at most 2,000 rows): depth, subtrees and siblings are walked here. */
export class Codebook {
  readonly byId = new Map<number, Row>();

  constructor(rows: Row[]) {
    for (const row of rows) this.byId.set(row.id, { ...row });
  }

  static async load(trx: Kysely<Database>, reviewId: number): Promise<Codebook> {
    const rows = await trx
      .selectFrom('code')
      .select(['id', 'parentId', 'name', 'description', 'colour', 'position', 'origin'])
      .where('reviewId', '=', reviewId)
      .orderBy('position')
      .orderBy('id')
      .execute();
    return new Codebook(rows);
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: number): Row {
    const row = this.byId.get(id);
    if (!row) throw new NotFoundError('That code is not in this codebook (it may have been merged or deleted).');
    return row;
  }

  /** Children of a parent (null: the groups), in order. */
  children(parentId: number | null): Row[] {
    return [...this.byId.values()].filter((r) => r.parentId === parentId).sort((a, b) => a.position - b.position || a.id - b.id);
  }

  /** 0 for a group, 1 for a code, 2 for a sub-code. */
  depth(id: number): number {
    let depth = 0;
    for (let row = this.get(id); row.parentId !== null && depth <= MAX_DEPTH; row = this.get(row.parentId)) depth++;
    return depth;
  }

  /** Levels below a code: 0 for a leaf. */
  height(id: number): number {
    return Math.max(0, ...this.children(id).map((c) => 1 + this.height(c.id)));
  }

  /** The code and everything below it, parents first. */
  subtree(id: number): Row[] {
    const out = [this.get(id)];
    for (const child of this.children(id)) out.push(...this.subtree(child.id));
    return out;
  }

  path(id: number): string {
    const names: string[] = [];
    for (let row: Row | undefined = this.get(id); row; row = row.parentId === null ? undefined : this.byId.get(row.parentId)) names.unshift(row.name);
    return names.join(' › ');
  }

  /** A sibling (under `parentId`) already using the name, other than `except`. */
  clash(parentId: number | null, name: string, except?: number): Row | undefined {
    const key = nameKey(name);
    return this.children(parentId).find((r) => r.id !== except && nameKey(r.name) === key);
  }

  nextPosition(parentId: number | null): number {
    return Math.max(-1, ...this.children(parentId).map((r) => r.position)) + 1;
  }

  /** The first palette colour no group uses yet (or the one used least). */
  groupColour(): string {
    const used = this.children(null).map((g) => g.colour);
    return [...GROUP_PALETTE].sort((a, b) => used.filter((c) => c === a).length - used.filter((c) => c === b).length)[0]!;
  }
}


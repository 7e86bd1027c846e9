import type { ItemStatus } from '../db/schema.js';

/**
 * Blind screening: whether a viewer may see other reviewers' decisions on a record. Without blind
 * mode, always. In blind mode, only someone who resolves conflicts (an owner or the arbiter), and
 * only once every reviewer needed has decided (a conflict or a decided record): before that, not
 * even an owner who screens sees the others. Every page, list and export asks this one function.
 */
export function othersVisible(viewer: { mayResolve: boolean }, blind: boolean, status: ItemStatus | null): boolean {
  if (!blind) return true;
  return viewer.mayResolve && (status === 'conflict' || status === 'decided');
}
